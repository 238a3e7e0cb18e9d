import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { ColumnKind } from './columnKinds.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RankWindow } from './rankWindow.js';

/** A table's rows ordered by a timestamp (then rowid), optionally only those matching a predicate. */
export interface RowSet {
  table: string;
  timestampColumn: string;
  /** An extra predicate over the table, its values bound as named parameters. */
  filter?: { sql: string; params: Record<string, DuckDBValue> };
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
 * into Float64Arrays, categorical ones as counts. The rows come in no particular order: no statistic
 * depends on it.
 */
export async function fetchWindows(
  connection: DuckDBConnection,
  sources: readonly WindowSource[],
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow[]> {
  const fetched = new Map<WindowSource, FetchedWindow>();
  for (const rows of new Set(sources.map((source) => source.rows))) {
    const windows = sources.filter((source) => source.rows === rows);
    await rankRows(connection, rows, windows);
    try {
      for (const [index, source] of windows.entries()) {
        fetched.set(source, await fetchRanked(connection, rows, index, columns));
      }
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    }
  }
  return sources.map((source) => fetched.get(source) as FetchedWindow);
}

async function rankRows(connection: DuckDBConnection, rows: RowSet, windows: readonly WindowSource[]) {
  const params: Record<string, DuckDBValue> = { ...rows.filter?.params };
  const ranges = windows.map(({ window }, i) => {
    Object.assign(params, {
      [`start_${i}`]: window.start,
      [`end_${i}`]: window.end,
      [`stride_${i}`]: window.stride,
    });
    return `(${i}, $start_${i}, $end_${i}, $stride_${i})`;
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS
     SELECT row_id, w FROM (
       SELECT rowid AS row_id, row_number() OVER (ORDER BY ${quoteIdentifier(rows.timestampColumn)}, rowid) - 1 AS r
       FROM ${quoteIdentifier(rows.table)} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}
     ) JOIN (VALUES ${ranges.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`,
    params,
  );
}

async function fetchRanked(
  connection: DuckDBConnection,
  rows: RowSet,
  index: number,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow> {
  const timestamp = quoteIdentifier(rows.timestampColumn);
  const kept = `FROM ${quoteIdentifier(rows.table)} AS t
    SEMI JOIN (SELECT row_id FROM ${ROWS_TABLE} WHERE w = ${index}) AS kept ON t.rowid = kept.row_id`;
  const bounds = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, epoch_ms(min(${timestamp})::TIMESTAMP)::DOUBLE,
            epoch_ms(max(${timestamp})::TIMESTAMP)::DOUBLE ${kept}`,
  );
  const [count, firstTime, lastTime] = (bounds.getRowsJS()[0] ?? [0, null, null]) as [
    number,
    number | null,
    number | null,
  ];
  const numericColumns = [...columns].filter(([, kind]) => kind === 'numeric').map(([name]) => name);
  const categorical = new Map<string, LabelCounts>();
  for (const [name, kind] of columns) {
    if (kind === 'categorical') categorical.set(name, await labelCounts(connection, name, kept));
  }
  return {
    rows: count,
    firstTime,
    lastTime,
    numeric: await numericColumnsOf(connection, numericColumns, kept, count),
    categorical,
  };
}

async function numericColumnsOf(
  connection: DuckDBConnection,
  names: readonly string[],
  kept: string,
  rows: number,
): Promise<Map<string, Float64Array>> {
  const arrays = names.map(() => new Float64Array(rows));
  if (names.length > 0) {
    // NULL slots of a raw vector hold garbage: NULL becomes NaN in SQL, which the battery counts as missing.
    const select = names
      .map((name) => `coalesce(CAST(${quoteIdentifier(name)} AS DOUBLE), 'NaN'::DOUBLE)`)
      .join(', ');
    const result = await connection.stream(`SELECT ${select} ${kept}`);
    let offset = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const count = chunk.rowCount;
      arrays.forEach((array, column) => {
        const bytes = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, column), count * 8);
        array.set(new Float64Array(bytes.buffer, bytes.byteOffset, count), offset);
      });
      offset += count;
    }
  }
  return new Map(names.map((name, i) => [name, arrays[i] as Float64Array]));
}

async function labelCounts(connection: DuckDBConnection, name: string, kept: string): Promise<LabelCounts> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${quoteIdentifier(name)} AS VARCHAR) AS label, count(*)::DOUBLE ${kept} GROUP BY ALL`,
  );
  const counts = new Map<string, number>();
  let missing = 0;
  for (const [label, count] of reader.getRowsJS() as [string | null, number][]) {
    if (label === null) missing = count;
    else counts.set(label, count);
  }
  return { counts, missing };
}
