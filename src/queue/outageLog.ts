import { firstLine } from '../util/firstLine.js';

// What a lost connection to Redis looks like, from Node's sockets and from ioredis.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

/** Whether `error` says Redis could not be reached (rather than what a command did). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.'
  );
}

/**
 * The 'error' listener of a run's or a worker's BullMQ clients: every client reports each reconnect attempt,
 * so an outage is said in one line at most once every `everyMs`; any other error in a line of its own.
 */
export function outageLog(
  log: (message: string) => void,
  where: string,
  everyMs = 60_000,
): (error: unknown) => void {
  let saidAt = Number.NEGATIVE_INFINITY;
  return (error) => {
    if (!isConnectionError(error)) {
      log(firstLine(error));
      return;
    }
    if (performance.now() - saidAt < everyMs) return;
    saidAt = performance.now();
    log(`Redis at ${where} unreachable (${firstLine(error)}); trying again, said at most once a minute`);
  };
}
