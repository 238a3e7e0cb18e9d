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
 * The windows' rows as the relation `kept` of columns (w, c0, c1, …): w the row's window (a row in two windows
 * comes out once for each), c0 the timestamp and c1… the asked columns, by position so that no column name,
 * even "w", can clash with ours. `rows` is each window's row count.
 */
interface KeptRows {
  from: string;
  params: readonly SqlParam[];
  rows: number[];
  column: (name: string) => string;
}

/**
 * Pulls windows: ranks and sampling are computed in SQL once per row set; then only the asked columns of
 * the windows' rows leave DuckDB, every window of the row set from one scan: numeric ones straight from
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
    try {
      const kept = await keepRows(engine, rows, windows, [...columns.keys()]);
      const pulled = await fetchKept(engine, kept, columns);
      for (const [index, source] of windows.entries()) fetched.set(source, pulled[index] as FetchedWindow);
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    }
  }
  return sources.map((source) => fetched.get(source) as FetchedWindow);
}

/**
 * Selects each window's rows. A table stored in timestamp order has its windows read as rowid ranges, which
 * DuckDB scans without touching the other rows; any other row set is ranked and its windows' rows kept in
 * a temporary table: row ids for a table, the asked columns for a view or Parquet. Ties of the timestamp are
 * broken by rowid in a table; by (file_index, file_row_number) in Parquet, the files being listed by name;
 * in a view, which has no row identity, by the asked columns themselves: rows equal in all of them are
 * interchangeable for every statistic.
 */
async function keepRows(
  engine: Engine,
  rows: RowSet,
  windows: readonly WindowSource[],
  columns: readonly string[],
): Promise<KeptRows> {
  const names = [...new Set([rows.timestampColumn, ...columns])];
  const column = (name: string) => `kept.c${names.indexOf(name)}`;
  const payload = names.map((name, i) => `t.${quoteIdentifier(name)} AS c${i}`).join(', ');
  const stored = names.map((_, i) => `c${i}`).join(', ');
  const ranges = windows.map(() => '(?::INTEGER, ?::BIGINT, ?::BIGINT, ?::BIGINT)');
  const windowParams = windows.flatMap(({ window }, i) => [i, window.start, window.end, window.stride]);
  const keep = `JOIN (VALUES ${ranges.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`;
  const counted = async (from: string, params: readonly SqlParam[] = []): Promise<KeptRows> => {
    const counts = windows.map(() => 0);
    for (const [w, count] of (await engine.rows(
      `SELECT w, count(*)::DOUBLE FROM ${ROWS_TABLE} GROUP BY w`,
    )) as [number, number][]) {
      counts[w] = count;
    }
    return { from, params, rows: counts, column };
  };
  if (rows.source.kind === 'table') {
    const ranks = await tableRanks(engine, rows);
    if (ranks.kind === 'ordered') {
      const selects = windows.map(
        (_, w) =>
          `SELECT ${w} AS w, ${payload} FROM ${rows.source.sql} AS t
           WHERE t.rowid >= ?::BIGINT AND t.rowid < ?::BIGINT AND (t.rowid - ?::BIGINT) % ?::BIGINT = 0`,
      );
      const params = windows.flatMap(({ window }) => {
        const start = ranks.firstRowid + window.start;
        return [start, ranks.firstRowid + window.end, start, window.stride];
      });
      return {
        from: `FROM (${selects.join(' UNION ALL ')}) AS kept`,
        params,
        rows: windows.map(({ window }) => windowRows(window)),
        column,
      };
    }
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS SELECT row_id, w FROM (${ranks.sql}) ${keep}`,
      [...ranks.params, ...windowParams],
    );
    return counted(
      `FROM (SELECT kept.w, ${payload} FROM ${rows.source.sql} AS t JOIN ${ROWS_TABLE} AS kept ON t.rowid = kept.row_id) AS kept`,
    );
  }
  const sortKeys = names.map(quoteIdentifier);
  const from = `FROM ${rows.source.sql} AS t ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`;
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS ${
      rows.source.kind === 'parquet'
        ? // Only the row keys are sorted, then the window rows' columns are read: sorting them all is slower.
          `SELECT w, ${payload} FROM ${rows.source.sql} AS t JOIN (
             SELECT file_index AS kept_file, file_row_number AS kept_row, w FROM (
               SELECT file_index, file_row_number,
                      row_number() OVER (ORDER BY ${sortKeys[0]}, file_index, file_row_number) - 1 AS r ${from}
             ) ${keep}
           ) ON t.file_index = kept_file AND t.file_row_number = kept_row`
        : `SELECT w, ${stored} FROM (
             SELECT ${payload}, row_number() OVER (ORDER BY ${sortKeys.join(', ')}) - 1 AS r ${from}
           ) ${keep}`
    }`,
    [...(rows.filter?.params ?? []), ...windowParams],
  );
  return counted(`FROM ${ROWS_TABLE} AS kept`);
}

/** The rows of a rank window: every stride-th of [start, end). */
function windowRows({ start, end, stride }: RankWindow): number {
  return end > start ? Math.ceil((end - start) / stride) : 0;
}

/** Every window of the kept rows: numeric columns pulled, categorical ones counted in DuckDB. */
async function fetchKept(
  engine: Engine,
  kept: KeptRows,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  const windows = kept.rows.map((_, w) => w);
  const categorical = windows.map(() => new Map<string, LabelCounts>());
  for (const [name, kind] of columns) {
    if (kind !== 'categorical') continue;
    const perWindow = await labelCounts(engine, kept, name);
    for (const w of windows) categorical[w]?.set(name, perWindow[w] as LabelCounts);
  }
  const numericColumns = [...columns].filter(([, kind]) => kind === 'numeric').map(([name]) => name);
  // NULL slots of a raw vector hold garbage: NULL becomes NaN in SQL, which the battery counts as missing.
  // The timestamps come out with the numeric columns: no second scan for the windows' first and last.
  const select = [`epoch_ms(CAST(kept.c0 AS TIMESTAMP))`, ...numericColumns.map(kept.column)].map(
    (sql) => `coalesce(CAST(${sql} AS DOUBLE), 'NaN'::DOUBLE)`,
  );
  const pulled = await engine.groupedDoubleColumns(
    `SELECT kept.w::DOUBLE, ${select.join(', ')} ${kept.from}`,
    kept.params,
    kept.rows,
  );
  return windows.map((w) => {
    const [times, ...numeric] = pulled[w] as Float64Array[];
    const [firstTime, lastTime] = range(times as Float64Array);
    return {
      rows: kept.rows[w] as number,
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
async function labelCounts(engine: Engine, kept: KeptRows, name: string): Promise<LabelCounts[]> {
  const rows = await engine.rows(
    `SELECT kept.w, CAST(${kept.column(name)} AS VARCHAR) AS label, count(*)::DOUBLE ${kept.from} GROUP BY ALL`,
    kept.params,
  );
  const windows = kept.rows.map(() => ({ counts: new Map<string, number>(), missing: 0 }));
  for (const [w, label, count] of rows as [number, string | null, number][]) {
    const window = windows[w] as { counts: Map<string, number>; missing: number };
    if (label === null) window.missing = count;
    else window.counts.set(label, count);
  }
  return windows;
}
