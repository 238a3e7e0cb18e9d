import type { Engine, SqlParam } from '../engine/engine.js';
import type { RowSet } from './fetchWindows.js';
import { quoteIdentifier } from './quoteIdentifier.js';

/**
 * A query of a table row set's rows as (row_id, r): r is the rank by timestamp, then rowid. A row set that
 * is a run of consecutive rowids already in timestamp order is ranked by arithmetic on its rowids (a scan);
 * any other is sorted.
 */
export async function tableRanks(
  engine: Engine,
  rows: RowSet,
): Promise<{ sql: string; params: readonly SqlParam[] }> {
  const from = `FROM ${rows.source.sql} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`;
  const params = rows.filter?.params ?? [];
  const first = await orderedRunStart(engine, rows);
  if (first !== null)
    return { sql: `SELECT rowid AS row_id, rowid - ?::BIGINT AS r ${from}`, params: [first, ...params] };
  const timestamp = quoteIdentifier(rows.timestampColumn);
  return {
    sql: `SELECT rowid AS row_id, row_number() OVER (ORDER BY ${timestamp}, rowid) - 1 AS r ${from}`,
    params,
  };
}

/**
 * The first rowid of the row set when its rows are consecutive rowids whose timestamps never decrease
 * (NULLs only at the end, where ORDER BY puts them), else null. Counted over a positional self-join shifted
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
  const [[disorder] = [null]] = await engine.rows(
    `SELECT count(*) FILTER (WHERE next_id <> row_id + 1 OR next_ts < ts OR (ts IS NULL AND next_ts IS NOT NULL))::DOUBLE
     FROM (SELECT rowid AS row_id, ${timestamp} AS ts ${run})
     POSITIONAL JOIN (SELECT rowid AS next_id, ${timestamp} AS next_ts ${run} OFFSET 1)`,
    [first, last, first, last],
  );
  return disorder === 0 ? first : null;
}
