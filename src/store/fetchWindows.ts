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
 * those rows leave DuckDB, every window of the row set from one scan of it: numeric ones straight from
 * DuckDB's vectors (or Arrow batches) into Float64Arrays, categorical ones as counts. The rows come in no
 * particular order: no statistic depends on it.
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
      const pulled = await fetchRanked(engine, rows, kept, windows.length, columns);
      for (const [index, source] of windows.entries()) fetched.set(source, pulled[index] as FetchedWindow);
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    }
  }
  return sources.map((source) => fetched.get(source) as FetchedWindow);
}

/**
 * Ranks the row set and keeps each window's rows in a temporary table; returns the FROM clause of the
 * windows' rows, `kept.w` being a row's window (a row in two windows comes out once for each). Ties of the timestamp are broken by rowid in a
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
    return `FROM ${rows.source.sql} AS t JOIN ${ROWS_TABLE} AS kept ON t.rowid = kept.row_id`;
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
  return `FROM (SELECT w, ${names.map((name, i) => `${stored[i]} AS ${name}`).join(', ')} FROM ${ROWS_TABLE}) AS kept`;
}

/** Every window of a ranked row set: window w's rows are those of the rank table with that w. */
async function fetchRanked(
  engine: Engine,
  rows: RowSet,
  kept: string,
  windowCount: number,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  const windows = Array.from({ length: windowCount }, (_, w) => w);
  const counts = windows.map(() => 0);
  for (const [w, count] of (await engine.rows(
    `SELECT w, count(*)::DOUBLE FROM ${ROWS_TABLE} GROUP BY w`,
  )) as [number, number][]) {
    counts[w] = count;
  }
  const categorical = windows.map(() => new Map<string, LabelCounts>());
  for (const [name, kind] of columns) {
    if (kind !== 'categorical') continue;
    const perWindow = await labelCounts(engine, name, kept, windowCount);
    for (const w of windows) categorical[w]?.set(name, perWindow[w] as LabelCounts);
  }
  const numericColumns = [...columns].filter(([, kind]) => kind === 'numeric').map(([name]) => name);
  // NULL slots of a raw vector hold garbage: NULL becomes NaN in SQL, which the battery counts as missing.
  // The timestamps come out with the numeric columns: no second scan for the windows' first and last.
  const select = [
    `epoch_ms(CAST(${quoteIdentifier(rows.timestampColumn)} AS TIMESTAMP))`,
    ...numericColumns.map(quoteIdentifier),
  ].map((sql) => `coalesce(CAST(${sql} AS DOUBLE), 'NaN'::DOUBLE)`);
  const pulled = await engine.groupedDoubleColumns(
    `SELECT kept.w::DOUBLE, ${select.join(', ')} ${kept}`,
    [],
    counts,
  );
  return windows.map((w) => {
    const [times, ...numeric] = pulled[w] as Float64Array[];
    const [firstTime, lastTime] = range(times as Float64Array);
    return {
      rows: counts[w] as number,
      firstTime,
      lastTime,
      numeric: new Map(numericColumns.map((name, i) => [name, numeric[i] as Float64Array])),
      categorical: categorical[w] as Map<string, LabelCounts>,
    };
  });
}

/** The smallest and largest value, NaN left out; nulls when there is none. */
function range(values: Float64Array): [number | null, number | null] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : [null, null];
}

/** A categorical column's counts per label in each window, counted in DuckDB: its rows never leave it. */
async function labelCounts(
  engine: Engine,
  name: string,
  kept: string,
  windowCount: number,
): Promise<LabelCounts[]> {
  const rows = await engine.rows(
    `SELECT kept.w, CAST(${quoteIdentifier(name)} AS VARCHAR) AS label, count(*)::DOUBLE ${kept} GROUP BY ALL`,
  );
  const windows = Array.from({ length: windowCount }, () => ({
    counts: new Map<string, number>(),
    missing: 0,
  }));
  for (const [w, label, count] of rows as [number, string | null, number][]) {
    const window = windows[w] as { counts: Map<string, number>; missing: number };
    if (label === null) window.missing = count;
    else window.counts.set(label, count);
  }
  return windows;
}
