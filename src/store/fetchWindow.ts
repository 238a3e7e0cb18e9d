import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { ColumnKind } from './columnKinds.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RankWindow } from './rankWindow.js';

/** Where a window's rows come from: a table ordered by a timestamp (then rowid), optionally filtered. */
export interface WindowSource {
  table: string;
  timestampColumn: string;
  /** An extra predicate over the table, its values bound as named parameters. */
  filter?: { sql: string; params: Record<string, DuckDBValue> };
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
 * Pulls one window: ranks and sampling are computed in SQL into a temporary table of row ids, then only the
 * asked columns of those rows leave DuckDB, numeric ones straight from DuckDB's vectors into Float64Arrays.
 */
export async function fetchWindow(
  connection: DuckDBConnection,
  source: WindowSource,
  columns: ReadonlyMap<string, ColumnKind>,
): Promise<FetchedWindow> {
  const table = quoteIdentifier(source.table);
  const timestamp = quoteIdentifier(source.timestampColumn);
  const { start, end, stride } = source.window;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${ROWS_TABLE} AS
     SELECT row_id FROM (
       SELECT rowid AS row_id, row_number() OVER (ORDER BY ${timestamp}, rowid) - 1 AS r
       FROM ${table} ${source.filter ? `WHERE ${source.filter.sql}` : ''}
     ) WHERE r >= $start AND r < $end AND (r - $start) % $stride = 0`,
    { ...source.filter?.params, start, end, stride },
  );
  try {
    const kept = `FROM ${table} WHERE rowid IN (SELECT row_id FROM ${ROWS_TABLE})`;
    const bounds = await connection.runAndReadAll(
      `SELECT count(*)::DOUBLE, epoch_ms(min(${timestamp})::TIMESTAMP)::DOUBLE,
              epoch_ms(max(${timestamp})::TIMESTAMP)::DOUBLE ${kept}`,
    );
    const [rows, firstTime, lastTime] = (bounds.getRowsJS()[0] ?? [0, null, null]) as [
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
      rows,
      firstTime,
      lastTime,
      numeric: await numericColumnsOf(connection, numericColumns, kept, rows),
      categorical,
    };
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
  }
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
