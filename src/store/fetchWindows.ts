import type { Engine, SqlParam } from '../engine/engine.js';
import { type HourlyLabels, labelTotals } from '../signal/commonBins.js';
import { HOUR_MS } from '../signal/cycle.js';
import { MAX_BATCH_COLUMNS } from './maxBatchColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RankWindow } from './rankWindow.js';
import { tableRanks } from './tableRanks.js';
import type { ColumnKind, FetchedWindow, RowSet, WindowSource } from './types.js';

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
  /**
   * Each read joins the source's rows to the kept row ids again. Its result comes out of DuckDB in sparse
   * chunks (one per 2,048 rows probed), so it is materialized first: full chunks, and none held by the
   * garbage collector with a full chunk's memory for a few rows.
   */
  joined: boolean;
}

/** A joined row set reads every row of its source for each batch: its batches are this many times larger. */
const JOINED_BATCH_FACTOR = 2;

/** Every window whole: all batches of windowBatches, joined. */
export async function fetchWindows(
  engine: Engine,
  sources: readonly WindowSource[],
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  let whole: FetchedWindow[] = [];
  for await (const batch of windowBatches(engine, sources, columns, Number.POSITIVE_INFINITY)) {
    whole =
      whole.length === 0
        ? batch
        : whole.map((window, i) => {
            for (const [name, values] of batch[i]?.numeric ?? []) window.numeric.set(name, values);
            return window;
          });
  }
  return whole;
}

/**
 * Pulls windows: ranks and sampling are computed in SQL once per row set; then only the asked columns of
 * the windows' rows leave DuckDB. Numeric columns come straight from DuckDB's vectors (or Arrow batches)
 * into Float64Arrays, a batch of columns at a time, at most `batchBytes` of doubles across the windows (at
 * least one column, at most MAX_BATCH_COLUMNS; twice the bytes when a batch joins a shuffled table again): each batch can be at work while
 * the next is read, and the caller holds no more batches than it chooses to. Every batch has the windows'
 * rows, times and categorical counts (counted in DuckDB); each numeric column is in one batch. The rows
 * come in no particular order: no statistic depends on it.
 */
export async function* windowBatches(
  engine: Engine,
  sources: readonly WindowSource[],
  columns: ReadonlyMap<string, ColumnKind>,
  batchBytes: number,
): AsyncGenerator<FetchedWindow[]> {
  const rowSets = [...new Set(sources.map((source) => source.rows))];
  const windowsOf = (rows: RowSet) => sources.filter((source) => source.rows === rows);
  const names = [...columns.keys()];
  try {
    const kept: KeptRows[] = [];
    for (const [index, rows] of rowSets.entries()) {
      kept.push(await keepRows(engine, rows, windowsOf(rows), names, `${ROWS_TABLE}_${index}`));
    }
    const counted = new Map<WindowSource, FetchedWindow>();
    for (const [index, rows] of rowSets.entries()) {
      const categorical = await categoricalCounts(engine, kept[index] as KeptRows, columns);
      for (const [w, source] of windowsOf(rows).entries()) {
        const window = { rows: kept[index]?.rows[w] as number, firstTime: null, lastTime: null };
        const hourly = categorical[w] as Map<string, HourlyLabels>;
        counted.set(source, {
          ...window,
          numeric: new Map(),
          categorical: new Map([...hourly].map(([name, counts]) => [name, labelTotals(counts)])),
          categoricalHours: hourly,
          hours: new Float64Array(0),
        });
      }
    }
    const numeric = names.filter((name) => columns.get(name) === 'numeric');
    const rowsPerColumn = kept.reduce((sum, { rows }) => sum + rows.reduce((a, b) => a + b, 0), 0);
    const budget = kept.some(({ joined }) => joined) ? batchBytes * JOINED_BATCH_FACTOR : batchBytes;
    const perBatch = Math.min(
      MAX_BATCH_COLUMNS,
      Math.max(1, Math.floor(budget / (8 * Math.max(1, rowsPerColumn)))),
    );
    for (let first = 0; first === 0 || first < numeric.length; first += perBatch) {
      const batch = numeric.slice(first, first + perBatch);
      const windows = new Map<WindowSource, FetchedWindow>();
      for (const [index, rows] of rowSets.entries()) {
        const set = kept[index] as KeptRows;
        // The timestamps come out with the first batch: no scan of their own for the windows' first and last.
        // Every batch has its rows' hour indices: batches have no common row order.
        const expressions = [
          ...(first === 0 ? [`epoch_ms(CAST(kept.c0 AS TIMESTAMP))`] : []),
          hourIndex('kept.c0'),
          ...batch.map(set.column),
        ];
        const pulled = await pullDoubles(engine, set, expressions);
        for (const [w, source] of windowsOf(rows).entries()) {
          const arrays = pulled[w] as Float64Array[];
          const base = counted.get(source) as FetchedWindow;
          if (first === 0) {
            [base.firstTime, base.lastTime] = range(arrays.shift() as Float64Array);
          }
          windows.set(source, {
            ...base,
            hours: arrays.shift() as Float64Array,
            numeric: new Map(batch.map((name, c) => [name, arrays[c] as Float64Array])),
          });
        }
      }
      yield sources.map((source) => windows.get(source) as FetchedWindow);
    }
  } finally {
    for (const index of rowSets.keys()) await engine.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}_${index}`);
  }
}

/**
 * Selects each window's rows. A table stored in timestamp order has its windows read as rowid ranges, which
 * DuckDB scans without touching the other rows; any other row set is ranked and its windows' rows kept in a
 * temporary table: row ids for a table (a row in two windows twice), the asked columns for a view or
 * Parquet. Ties of the timestamp are broken by rowid in a table; by (file_index, file_row_number) in
 * Parquet, the files being listed by name; in a view, which has no row identity, by the asked columns
 * themselves: rows equal in all of them are interchangeable for every statistic.
 */
async function keepRows(
  engine: Engine,
  rows: RowSet,
  windows: readonly WindowSource[],
  columns: readonly string[],
  table: string,
): Promise<KeptRows> {
  const names = [...new Set([rows.timestampColumn, ...columns])];
  const column = (name: string) => `kept.c${names.indexOf(name)}`;
  const payload = names.map((name, i) => `t.${quoteIdentifier(name)} AS c${i}`).join(', ');
  const stored = names.map((_, i) => `c${i}`).join(', ');
  const ranges = windows.map(() => '(?::INTEGER, ?::BIGINT, ?::BIGINT, ?::BIGINT)');
  const windowParams = windows.flatMap(({ window }, i) => [i, window.start, window.end, window.stride]);
  const keep = `JOIN (VALUES ${ranges.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`;
  const counted = async (): Promise<KeptRows> => {
    const counts = windows.map(() => 0);
    for (const [w, count] of (await engine.rows(`SELECT w, count(*)::DOUBLE FROM ${table} GROUP BY w`)) as [
      number,
      number,
    ][]) {
      counts[w] = count;
    }
    return { from: `FROM ${table} AS kept`, params: [], rows: counts, column, joined: false };
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
        joined: false,
      };
    }
    // Only the row ids are sorted; each batch's columns are then read by joining them back.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT row_id, w FROM (${ranks.sql}) ${keep}`,
      [...ranks.params, ...windowParams],
    );
    return {
      ...(await counted()),
      from: `FROM (SELECT kept.w, ${payload} FROM ${rows.source.sql} AS t
                   JOIN ${table} AS kept ON t.rowid = kept.row_id) AS kept`,
      joined: true,
    };
  }
  const sortKeys = names.map(quoteIdentifier);
  const from = `FROM ${rows.source.sql} AS t ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`;
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS ${
      rows.source.kind === 'parquet'
        ? // Only the row keys are sorted, then the window rows' columns are read: sorting them all is slower.
          `SELECT kept.w, ${payload} FROM ${rows.source.sql} AS t JOIN (
             SELECT file_index, file_row_number, w FROM (
               SELECT file_index, file_row_number,
                      row_number() OVER (ORDER BY ${sortKeys[0]}, file_index, file_row_number) - 1 AS r ${from}
             ) ${keep}
           ) AS kept ON t.file_index = kept.file_index AND t.file_row_number = kept.file_row_number`
        : `SELECT w, ${stored} FROM (
             SELECT ${payload}, row_number() OVER (ORDER BY ${sortKeys.join(', ')}) - 1 AS r ${from}
           ) ${keep}`
    }`,
    [...(rows.filter?.params ?? []), ...windowParams],
  );
  return counted();
}

/** The rows of a rank window: every stride-th of [start, end). */
function windowRows({ start, end, stride }: RankWindow): number {
  return end > start ? Math.ceil((end - start) / stride) : 0;
}

/** An hour index (floor(epoch ms / 1 h)) of a timestamp expression, NULL without one. */
function hourIndex(timestamp: string): string {
  return `floor(epoch_ms(CAST(${timestamp} AS TIMESTAMP)) / ${HOUR_MS})`;
}

/** Each window's counts of every categorical column, counted in DuckDB: their rows never leave it. */
async function categoricalCounts(
  engine: Engine,
  kept: KeptRows,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<Map<string, HourlyLabels>[]> {
  const windows = kept.rows.map(() => new Map<string, HourlyLabels>());
  for (const [name, kind] of columns) {
    if (kind !== 'categorical') continue;
    const perWindow = await labelCounts(engine, kept, name);
    for (const [w, window] of windows.entries()) window.set(name, perWindow[w] as HourlyLabels);
  }
  return windows;
}

/** Doubles of the kept rows, per window: NULL becomes NaN, which the battery counts as missing. */
function pullDoubles(
  engine: Engine,
  kept: KeptRows,
  expressions: readonly string[],
): Promise<Float64Array[][]> {
  const select = expressions.map((sql) => `coalesce(CAST(${sql} AS DOUBLE), 'NaN'::DOUBLE)`);
  const sql = `SELECT ${['kept.w::DOUBLE', ...select].join(', ')} ${kept.from}`;
  return engine.groupedDoubleColumns(
    kept.joined ? `WITH pulled AS MATERIALIZED (${sql}) SELECT * FROM pulled` : sql,
    kept.params,
    kept.rows,
  );
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

/** A categorical column's counts per (hour, label) in each window, counted in DuckDB: its rows never leave it. */
async function labelCounts(engine: Engine, kept: KeptRows, name: string): Promise<HourlyLabels[]> {
  const rows = (await engine.rows(
    `SELECT kept.w, ${hourIndex('kept.c0')}::DOUBLE, CAST(${kept.column(name)} AS VARCHAR) AS label, count(*)::DOUBLE
     ${kept.from} GROUP BY ALL`,
    kept.params,
  )) as [number, number | null, string | null, number][];
  return kept.rows.map((_, w) => {
    const own = rows.filter(([window]) => window === w);
    return {
      hours: Float64Array.from(own, ([, hour]) => hour ?? Number.NaN),
      labels: own.map(([, , label]) => label),
      counts: Float64Array.from(own, ([, , , count]) => count),
    };
  });
}
