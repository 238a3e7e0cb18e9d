import type { Engine } from '../engine/engine.js';
import { MAX_BATCH_COLUMNS } from './maxBatchColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RowSet } from './types.js';

/** What a row set holds, in two facts: its rows, and the sums of their hashes as decimal text. */
export interface RowsChecksum {
  rows: number;
  checksum: string;
}

/**
 * A row set's checksum: DuckDB's `hash` of each row's columns, summed (order-free, a repeated row counted
 * each time, no overflow: the sum is a HUGEINT), a sum per batch of columns so that a wide table stays
 * within the memory limit. One scan of the rows per batch: about 0.2 s for 2M rows of 8 columns. Both sides
 * of a comparison need the same DuckDB version: its hash is not promised across versions.
 */
export async function rowsChecksum(
  engine: Engine,
  rows: Omit<RowSet, 'timestampColumn'>,
): Promise<RowsChecksum> {
  const from = `FROM ${rows.source.sql} AS t ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`;
  const params = rows.filter?.params ?? [];
  const names = (await engine.rows(`DESCRIBE SELECT * ${from}`, params)).map(([name]) => String(name));
  let count = 0;
  const sums: string[] = [];
  for (let first = 0; first < names.length; first += MAX_BATCH_COLUMNS) {
    const columns = names.slice(first, first + MAX_BATCH_COLUMNS).map((name) => `t.${quoteIdentifier(name)}`);
    const [[rowCount, sum] = []] = await engine.rows(
      `SELECT count(*), coalesce(sum(hash(${columns.join(', ')})), 0)::VARCHAR ${from}`,
      params,
    );
    count = Number(rowCount);
    sums.push(String(sum));
  }
  return { rows: count, checksum: sums.join(' ') };
}
