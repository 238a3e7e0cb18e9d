import { createRedisPublisher, type RedisPublisher } from '../publish/redisPublisher.js';
import type { Schema } from '../run/options.js';
import { firstLine } from '../util/firstLine.js';
import { UsageError } from './usageError.js';

/**
 * The Redis publisher of `run` and `serve`, or null with a warning when Redis cannot be reached: the run
 * goes on and its results wait in DuckDB. A URL naming what Redis does not have is a UsageError.
 */
export async function redisPublishing(
  url: string,
  schema: Schema,
  warn: (error: unknown) => void,
): Promise<RedisPublisher | null> {
  try {
    // It resolves also when Redis is down (saying so through `log`): results then wait in DuckDB.
    return await createRedisPublisher({ url, schema, log: warn });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--redis ${url}: ${firstLine(error)}`);
    warn(`Redis at ${url} is not usable, publishing nothing: ${firstLine(error)}`);
    return null;
  }
}
