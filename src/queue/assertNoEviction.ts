import { Redis } from 'ioredis';
import { firstLine } from '../util/firstLine.js';
import { QueueError } from './queueError.js';

/**
 * Checks that Redis at `url` answers and never evicts keys: BullMQ keeps jobs as keys and, under eviction,
 * loses them (it only logs a warning itself).
 */
export async function assertNoEviction(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  client.on('error', () => {});
  const where = `${client.options.host}:${client.options.port}`;
  let info: string;
  try {
    await client.connect();
    info = await client.info('memory');
  } catch (error) {
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
