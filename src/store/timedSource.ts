import type { Engine } from '../engine/engine.js';
import type { Source } from './openSource.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { ModelError } from './storeError.js';

/** How integer timestamps count: epoch seconds or milliseconds. */
export type TimestampUnit = 's' | 'ms';

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER = /^(FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
/** The row identity a wrapped source must keep: the reads order and join by it (see keepRows). */
const identity = { table: 'rowid, ', parquet: 'file_index, ', view: '' } as const;

/**
 * The source with its timestamp column readable as a TIMESTAMP. Integer epoch seconds or milliseconds,
 * declared by `unit`, are read through `epoch_ms` in a subquery that keeps the source's row identity; an
 * integer without a declared unit, or a fractional number, is a ModelError naming the type needed, never
 * DuckDB's cast error. Any other type is left to the reads as before; a missing column to `columnKinds`.
 */
export async function timedSource(
  engine: Engine,
  source: Source,
  column: string,
  unit: TimestampUnit | null,
): Promise<Source> {
  const described = await engine.rows(`DESCRIBE SELECT * FROM ${source.sql}`).catch(() => []);
  const type = described.find(([name]) => name === column)?.[1];
  if (typeof type !== 'string') return source;
  const named = `timestamp column ${JSON.stringify(column)} of ${JSON.stringify(source.name)}`;
  if (NUMBER.test(type) || (INTEGER.test(type) && unit === null)) {
    throw new ModelError(
      `${named} is ${type}: it must be a TIMESTAMP, or integer epoch seconds or milliseconds declared with timestampUnit 's' or 'ms' (for the run or the model)`,
    );
  }
  if (!INTEGER.test(type) || unit === null) return source;
  const q = quoteIdentifier(column);
  const ms = unit === 's' ? `${q}::BIGINT * 1000` : `${q}::BIGINT`;
  return {
    ...source,
    sql: `(SELECT ${identity[source.kind]}* REPLACE (epoch_ms(${ms}) AS ${q}) FROM ${source.sql})`,
  };
}
