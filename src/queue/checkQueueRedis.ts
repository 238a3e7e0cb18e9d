import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import { firstLine } from '../util/firstLine.js';
import { QueueError } from './queueError.js';

/**
 * Checks that Redis at `url` answers, has the database the URL names, and never evicts keys: BullMQ keeps
 * jobs as keys and, under eviction, loses them (it only logs a warning itself).
 */
export async function checkQueueRedis(url: string, tls?: ConnectionOptions): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
    ...(tls ? { tls } : {}),
  });
  // ioredis reports a refused SELECT as an event only: it is asked again below, where it can be caught.
  client.on('error', () => {});
  const where = `${client.options.host}:${client.options.port}`;
  const db = client.options.db ?? 0;
  let info: string;
  try {
    await client.connect();
    await client.select(db).catch((error: unknown) => {
      throw new QueueError(`Redis at ${where} has no database ${db}: ${firstLine(error)}`);
    });
    info = await client.info('memory');
  } catch (error) {
    if (error instanceof QueueError) throw error;
    throw new QueueError(`cannot reach Redis at ${where}: ${firstLine(error)}`);
  } finally {
    client.disconnect();
  }
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy !== undefined && policy !== 'noeviction') {
    throw new QueueError(
      `Redis at ${where} has maxmemory-policy ${policy}; a queue needs noeviction (BullMQ loses jobs whose keys are evicted)`,
    );
  }
}
