import type { Engine, SqlParam } from '../engine/engine.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RowSet } from './types.js';

/**
 * How a table row set's rows are ranked by timestamp, then rowid. A row set that is a run of consecutive
 * rowids already in timestamp order needs no sort: a row's rank is its rowid minus the first, so a window is a
 * rowid range that DuckDB reads without touching the other rows. Any other row set is sorted, as `sql`, a
 * query of (row_id, r).
 */
export type TableRanks =
  | { kind: 'ordered'; firstRowid: number }
  | { kind: 'sorted'; sql: string; params: readonly SqlParam[] };

export async function tableRanks(engine: Engine, rows: RowSet): Promise<TableRanks> {
  const firstRowid = await orderedRunStart(engine, rows);
  if (firstRowid !== null) return { kind: 'ordered', firstRowid };
  const timestamp = quoteIdentifier(rows.timestampColumn);
  return {
    kind: 'sorted',
    sql: `SELECT rowid AS row_id, row_number() OVER (ORDER BY ${timestamp}, rowid) - 1 AS r
          FROM ${rows.source.sql} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`,
    params: rows.filter?.params ?? [],
  };
}

/**
 * The first rowid of the row set when its rows are consecutive rowids whose timestamps never decrease
 * (NULLs only at the end, where ORDER BY puts them), else null. Sought over a positional self-join shifted
 * by one row, which is a scan: each pair's rowids are checked to be neighbours too, so a join that paired
 * rows otherwise (the native engine does not keep insertion order) only ever means "sort".
 */
async function orderedRunStart(engine: Engine, rows: RowSet): Promise<number | null> {
  const [[count, first, last] = [0, null, null]] = (await engine.rows(
    `SELECT count(*)::DOUBLE, min(rowid)::DOUBLE, max(rowid)::DOUBLE
     FROM ${rows.source.sql} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`,
    rows.filter?.params ?? [],
  )) as [number, number | null, number | null][];
  if (first === null || last === null || last - first + 1 !== count) return null;
  const timestamp = quoteIdentifier(rows.timestampColumn);
  const run = `FROM ${rows.source.sql} WHERE rowid BETWEEN ?::BIGINT AND ?::BIGINT`;
  // The first pair out of order ends the scan: a shuffled table costs next to nothing here.
  const disorder = await engine.rows(
    `SELECT 1 FROM (SELECT rowid AS row_id, ${timestamp} AS ts ${run})
     POSITIONAL JOIN (SELECT rowid AS next_id, ${timestamp} AS next_ts ${run} OFFSET 1)
     WHERE next_id <> row_id + 1 OR next_ts < ts OR (ts IS NULL AND next_ts IS NOT NULL) LIMIT 1`,
    [first, last, first, last],
  );
  return disorder.length === 0 ? first : null;
}
