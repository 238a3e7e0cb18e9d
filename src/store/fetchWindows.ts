import type { LabelCounts } from '../compare/labelCounts.js';
import type { Engine, SqlParam } from '../engine/engine.js';
import type { ColumnKind } from './columnKinds.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RankWindow } from './rankWindow.js';

/** A table's rows ordered by a timestamp (then rowid), optionally only those matching a predicate. */
export interface RowSet {
  table: string;
  timestampColumn: string;
  /** An extra predicate over the table, its values bound as `?` parameters, in their order. */
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
 * Pulls windows: ranks and sampling are computed in SQL, once per row set, into a temporary table of row
 * ids; then only the asked columns of those rows leave DuckDB, numeric ones straight from DuckDB's vectors
 * (or Arrow batches) into Float64Arrays, categorical ones as counts. The rows come in no particular order: no statistic
 * depends on it.
 */
export async function fetchWindows(
  engine: Engine,
  sources: readonly WindowSource[],
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  const fetched = new Map<WindowSource, FetchedWindow>();
  for (const rows of new Set(sources.map((source) => source.rows))) {
    const windows = sources.filter((source) => source.rows === rows);
    await rankRows(engine, rows, windows);
    try {
      for (const [index, source] of windows.entries()) {
        fetched.set(source, await fetchRanked(engine, rows, index, columns));
      }
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    }
  }
  return sources.map((source) => fetched.get(source) as FetchedWindow);
}

async function rankRows(engine: Engine, rows: RowSet, windows: readonly WindowSource[]) {
  const ranges = windows.map(() => '(?::INTEGER, ?::BIGINT, ?::BIGINT, ?::BIGINT)');
  // In the order of their placeholders: the filter's, then each window's.
  const params = [
    ...(rows.filter?.params ?? []),
    ...windows.flatMap(({ window }, i) => [i, window.start, window.end, window.stride]),
  ];
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS
     SELECT row_id, w FROM (
       SELECT rowid AS row_id, row_number() OVER (ORDER BY ${quoteIdentifier(rows.timestampColumn)}, rowid) - 1 AS r
       FROM ${quoteIdentifier(rows.table)} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}
     ) JOIN (VALUES ${ranges.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`,
    params,
  );
}

async function fetchRanked(
  engine: Engine,
  rows: RowSet,
  index: number,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow> {
  // Every query below ends with this, and binds the window's index as its one parameter.
  const kept = `FROM ${quoteIdentifier(rows.table)} AS t
    SEMI JOIN (SELECT row_id FROM ${ROWS_TABLE} WHERE w = ?::INTEGER) AS kept ON t.rowid = kept.row_id`;
  const [[count]] = (await engine.rows(`SELECT count(*)::DOUBLE FROM ${ROWS_TABLE} WHERE w = ?::INTEGER`, [
    index,
  ])) as [[number]];
  const categorical = new Map<string, LabelCounts>();
  for (const [name, kind] of columns) {
    if (kind === 'categorical') categorical.set(name, await labelCounts(engine, name, kept, index));
  }
  const numericColumns = [...columns].filter(([, kind]) => kind === 'numeric').map(([name]) => name);
  // The timestamps come out with the numeric columns: one scan of the window's rows, not two.
  const [times, ...numeric] = await pullDoubles(
    engine,
    [
      `epoch_ms(CAST(${quoteIdentifier(rows.timestampColumn)} AS TIMESTAMP))`,
      ...numericColumns.map(quoteIdentifier),
    ],
    kept,
    index,
    count,
  );
  const [firstTime, lastTime] = range(times as Float64Array);
  return {
    rows: count,
    firstTime,
    lastTime,
    numeric: new Map(numericColumns.map((name, i) => [name, numeric[i] as Float64Array])),
    categorical,
  };
}

function pullDoubles(
  engine: Engine,
  expressions: readonly string[],
  kept: string,
  index: number,
  rows: number,
): Promise<Float64Array[]> {
  // NULL slots of a raw vector hold garbage: NULL becomes NaN in SQL, which the battery counts as missing.
  const select = expressions.map((sql) => `coalesce(CAST(${sql} AS DOUBLE), 'NaN'::DOUBLE)`).join(', ');
  return engine.doubleColumns(`SELECT ${select} ${kept}`, [index], rows);
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
