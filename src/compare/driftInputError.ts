/** Input the battery cannot compare; the message says what is wrong in one line. */
export class DriftInputError extends Error {
  override name = 'DriftInputError';
}
