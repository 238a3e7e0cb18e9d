import type { LabelCounts } from '../compare/labelCounts.js';
import type { Engine, SqlParam } from '../engine/engine.js';
import type { ColumnKind } from './columnKinds.js';
import type { Source } from './openSource.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RankWindow } from './rankWindow.js';
import { tableRanks } from './tableRanks.js';

/**
 * A source's rows ordered by a timestamp, then a tie-break of its kind (see rankRows), optionally only those
 * matching a predicate.
 */
export interface RowSet {
  source: Source;
  timestampColumn: string;
  /** An extra predicate over the source, its values bound as `?` parameters, in their order. */
  filter?: { sql: string; params: readonly SqlParam[] };
}

/** One window: ranks of a row set. Windows of the same row set (the same object) are ranked together. */
export interface WindowSource {
  rows: RowSet;
  window: RankWindow;
}

export interface FetchedWindow {
  /** Rows kept after sampling. */
  rows: number;
  /** Epoch milliseconds of the first and last kept rows' timestamps. */
  firstTime: number | null;
  lastTime: number | null;
  /** Numeric columns as doubles, missing values as NaN. */
  numeric: Map<string, Float64Array>;
  /** Categorical columns as counts per label: the rows never leave DuckDB. */
  categorical: Map<string, LabelCounts>;
}

const ROWS_TABLE = 'drift_window_rows';

/**
 * Pulls windows: ranks and sampling are computed in SQL, once per row set, into a temporary table (of row
 * ids for a table, of the window rows' asked columns for a view or Parquet); then only the asked columns of
 * those rows leave DuckDB, numeric ones straight from DuckDB's vectors (or Arrow batches) into Float64Arrays,
 * categorical ones as counts. The rows come in no particular order: no statistic depends on it.
 */
export async function fetchWindows(
  engine: Engine,
  sources: readonly WindowSource[],
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  const fetched = new Map<WindowSource, FetchedWindow>();
  for (const rows of new Set(sources.map((source) => source.rows))) {
    const windows = sources.filter((source) => source.rows === rows);
    const kept = await rankRows(engine, rows, windows, [...columns.keys()]);
    try {
      for (const [index, source] of windows.entries()) {
        fetched.set(source, await fetchRanked(engine, rows, kept, index, columns));
      }
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    }
  }
  return sources.map((source) => fetched.get(source) as FetchedWindow);
}

/**
 * Ranks the row set and keeps each window's rows in a temporary table; returns the FROM clause of one
 * window's rows, whose one parameter is the window's index. Ties of the timestamp are broken by rowid in a
 * table; by (file_index, file_row_number) in Parquet, the files being listed by name; in a view, which has no row identity, by the asked
 * columns themselves: rows equal in all of them are interchangeable for every statistic.
 */
async function rankRows(
  engine: Engine,
  rows: RowSet,
  windows: readonly WindowSource[],
  columns: readonly string[],
): Promise<string> {
  const ranges = windows.map(() => '(?::INTEGER, ?::BIGINT, ?::BIGINT, ?::BIGINT)');
  const windowParams = windows.flatMap(({ window }, i) => [i, window.start, window.end, window.stride]);
  const keep = `JOIN (VALUES ${ranges.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`;
  if (rows.source.kind === 'table') {
    const ranked = await tableRanks(engine, rows);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS SELECT row_id, w FROM (${ranked.sql}) ${keep}`,
      [...ranked.params, ...windowParams],
    );
    return `FROM ${rows.source.sql} AS t
      SEMI JOIN (SELECT row_id FROM ${ROWS_TABLE} WHERE w = ?::INTEGER) AS kept ON t.rowid = kept.row_id`;
  }
  // Stored under positional names: any column name, even "w" or "r", stays apart from ours.
  const names = [...new Set([rows.timestampColumn, ...columns])].map(quoteIdentifier);
  const stored = names.map((_, i) => `c${i}`);
  const payload = names.map((name, i) => `t.${name} AS ${stored[i]}`).join(', ');
  const from = `FROM ${rows.source.sql} AS t ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`;
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS ${
      rows.source.kind === 'parquet'
        ? // Only the row keys are sorted, then the window rows' columns are read: sorting them all is slower.
          `SELECT w, ${payload} FROM ${rows.source.sql} AS t JOIN (
             SELECT file_index AS kept_file, file_row_number AS kept_row, w FROM (
               SELECT file_index, file_row_number,
                      row_number() OVER (ORDER BY ${names[0]}, file_index, file_row_number) - 1 AS r ${from}
             ) ${keep}
           ) ON t.file_index = kept_file AND t.file_row_number = kept_row`
        : `SELECT w, ${stored.join(', ')} FROM (
             SELECT ${payload}, row_number() OVER (ORDER BY ${names.join(', ')}) - 1 AS r ${from}
           ) ${keep}`
    }`,
    [...(rows.filter?.params ?? []), ...windowParams],
  );
  return `FROM (SELECT ${names.map((name, i) => `${stored[i]} AS ${name}`).join(', ')}
    FROM ${ROWS_TABLE} WHERE w = ?::INTEGER) AS t`;
}

async function fetchRanked(
  engine: Engine,
  rows: RowSet,
  kept: string,
  index: number,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow> {
  const timestamp = quoteIdentifier(rows.timestampColumn);
  // Every query below ends with `kept`, and binds the window's index as its one parameter.
  const [bounds] = await engine.rows(
    `SELECT count(*)::DOUBLE, epoch_ms(min(${timestamp})::TIMESTAMP)::DOUBLE,
            epoch_ms(max(${timestamp})::TIMESTAMP)::DOUBLE ${kept}`,
    [index],
  );
  const [count, firstTime, lastTime] = (bounds ?? [0, null, null]) as [number, number | null, number | null];
  const numericColumns = [...columns].filter(([, kind]) => kind === 'numeric').map(([name]) => name);
  const categorical = new Map<string, LabelCounts>();
  for (const [name, kind] of columns) {
    if (kind === 'categorical') categorical.set(name, await labelCounts(engine, name, kept, index));
  }
  return {
    rows: count,
    firstTime,
    lastTime,
    numeric: await numericColumnsOf(engine, numericColumns, kept, index, count),
    categorical,
  };
}

async function numericColumnsOf(
  engine: Engine,
  names: readonly string[],
  kept: string,
  index: number,
  rows: number,
): Promise<Map<string, Float64Array>> {
  if (names.length === 0) return new Map();
  // NULL slots of a raw vector hold garbage: NULL becomes NaN in SQL, which the battery counts as missing.
  const select = names
    .map((name) => `coalesce(CAST(${quoteIdentifier(name)} AS DOUBLE), 'NaN'::DOUBLE)`)
    .join(', ');
  const arrays = await engine.doubleColumns(`SELECT ${select} ${kept}`, [index], rows);
  return new Map(names.map((name, i) => [name, arrays[i] as Float64Array]));
}

async function labelCounts(engine: Engine, name: string, kept: string, index: number): Promise<LabelCounts> {
  const rows = await engine.rows(
    `SELECT CAST(${quoteIdentifier(name)} AS VARCHAR) AS label, count(*)::DOUBLE ${kept} GROUP BY ALL`,
    [index],
  );
  const counts = new Map<string, number>();
  let missing = 0;
  for (const [label, count] of rows as [string | null, number][]) {
    if (label === null) missing = count;
    else counts.set(label, count);
  }
  return { counts, missing };
}
