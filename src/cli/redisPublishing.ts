import { PublisherError } from '../publish/publisherError.js';
import type { RedisPublisher, RedisPublisherOptions } from '../publish/redisPublisher.js';
import { firstLine } from '../util/firstLine.js';
import { OptionsError } from '../util/optionsError.js';
import { UsageError } from './usageError.js';

/**
 * The Redis publisher of `run` and `serve`, or null with a warning when it cannot be set up: the run goes
 * on and its results wait in DuckDB. A URL naming what Redis does not have is a UsageError.
 */
export async function redisPublishing(
  url: string,
  options: Pick<RedisPublisherOptions, 'schema' | 'log' | 'registry' | 'thresholds'>,
): Promise<RedisPublisher | null> {
  // Loaded only when asked for: a run without Redis starts without ioredis and prom-client.
  const { createRedisPublisher } = await import('../publish/redisPublisher.js');
  try {
    // It resolves also when Redis is down (saying so through `log`): results then wait in DuckDB.
    return await createRedisPublisher({ url, ...options });
  } catch (error) {
    if (error instanceof PublisherError || error instanceof OptionsError)
      throw new UsageError(`--redis ${url}: ${firstLine(error)}`);
    options.log(`Redis at ${url} is not usable, publishing nothing: ${firstLine(error)}`);
    return null;
  }
}
