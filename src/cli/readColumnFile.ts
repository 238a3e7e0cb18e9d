import { extname } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/openEngine.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { quoteLiteral } from '../store/quoteLiteral.js';
import { UsageError } from './usageError.js';

const readers: Readonly<Record<string, string>> = Object.freeze({
  '.csv': 'read_csv_auto',
  '.parquet': 'read_parquet',
});

// DuckDB's numeric types: read as DOUBLE; anything else as text (categories).
const numericType =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** Whether `compare` reads the file through DuckDB (a CSV or Parquet file) rather than as a JSON array. */
export const isTableFile = (file: string) => Object.hasOwn(readers, extname(file).toLowerCase());

/**
 * One column of a CSV or Parquet file, read through DuckDB: numbers for a numeric column, text otherwise,
 * null where a value is missing. `column` may be omitted for a file of one column.
 */
export async function readColumnFile(
  file: string,
  column: string | undefined,
): Promise<(number | string | null)[]> {
  const reader = readers[extname(file).toLowerCase()];
  if (reader === undefined) throw new UsageError(`${file}: compare reads .json, .csv or .parquet files`);
  const engine = await openEngine(':memory:', { engine: 'node', threads: 1, memoryLimit: '256MB' });
  try {
    const source = `${reader}(${quoteLiteral(file)})`;
    const described = await describe(engine, source, file);
    const names = described.map(([name]) => name);
    const chosen = column ?? (names.length === 1 ? names[0] : undefined);
    if (chosen === undefined) {
      throw new UsageError(
        `${file} has ${names.length} columns: say which with --column (${names.join(', ')})`,
      );
    }
    const type = described.find(([name]) => name === chosen)?.[1];
    if (type === undefined)
      throw new UsageError(`${file} has no column '${chosen}' (it has ${names.join(', ')})`);
    const cast = numericType.test(type) ? 'DOUBLE' : 'VARCHAR';
    const rows = await engine.rows(`SELECT ${quoteIdentifier(chosen)}::${cast} FROM ${source}`);
    return rows.map(([value]) => (value === null || value === undefined ? null : (value as number | string)));
  } finally {
    await engine.close();
  }
}

async function describe(engine: Engine, source: string, file: string): Promise<[string, string][]> {
  try {
    const rows = await engine.rows(`DESCRIBE SELECT * FROM ${source}`);
    return rows.map(([name, type]) => [String(name), String(type)]);
  } catch (error) {
    const line = String((error as Error).message ?? error).split('\n')[0];
    throw new UsageError(`cannot read ${file}: ${line}`);
  }
}
