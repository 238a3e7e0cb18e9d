import { Redis } from 'ioredis';
import { firstLine } from '../util/firstLine.js';
import { PublisherError } from './publisherError.js';

/** The first wait before a retry; later ones double. */
export const FIRST_RETRY_DELAY_MS = 50;

export interface PublisherConnection {
  client: Redis;
  /** host:port, for the log lines. */
  where: string;
  /** An error's first line, or the connection's own error while Redis is away (it says why). */
  cause: (error: unknown) => string;
}

/**
 * The publisher's Redis client, connected when Redis answers (said through `log` when it does not: the
 * results wait in DuckDB), with retrying left to the publisher. A PublisherError when Redis answers but has
 * no database of the URL's index.
 */
export async function connectPublisher(options: {
  url: string;
  retryBudgetMs: number;
  log: (message: string) => void;
}): Promise<PublisherConnection> {
  const budget = options.retryBudgetMs;
  const client = new Redis(options.url, {
    lazyConnect: true,
    // While Redis is away a command fails at once instead of waiting in ioredis' queues, and nothing is
    // sent again behind our back: retrying is the publisher's, within its budget.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: budget,
    // A connection that leaves a command unanswered for a whole budget is dead: rebuild it.
    socketTimeout: budget,
    // Reconnecting at least every quarter budget, a Redis that is back is used within one budget.
    retryStrategy: (attempts) => Math.min(FIRST_RETRY_DELAY_MS * 2 ** attempts, budget / 4),
  });
  // Kept for the log lines, which say why Redis is away; ioredis would print every failed reconnect.
  let connectionError: unknown;
  client.on('error', (error) => {
    connectionError = error;
  });
  client.on('ready', () => {
    connectionError = undefined;
  });
  const where = `${client.options.host}:${client.options.port}`;
  const cause = (error: unknown) =>
    firstLine(client.status === 'ready' || connectionError === undefined ? error : connectionError);
  const reached = await client.connect().then(
    () => true,
    (error: unknown) => {
      options.log(
        `redis publisher: cannot reach Redis at ${where} (${cause(error)}); results wait in DuckDB until it answers`,
      );
      return false;
    },
  );
  // ioredis selects the URL's database on connect and, when Redis has no such one, goes on in database 0.
  const { db = 0 } = client.options;
  if (reached && db !== 0) {
    await client.select(db).catch((error: unknown) => {
      client.disconnect();
      throw new PublisherError(`Redis at ${where} has no database ${db} (${firstLine(error)})`);
    });
  }
  return { client, where, cause };
}
