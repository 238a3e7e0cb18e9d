/** A queue the run or the worker cannot use (Redis unreachable, or evicting keys); the message says which. */
export class QueueError extends Error {
  override name = 'QueueError';
}
