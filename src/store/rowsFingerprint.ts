import type { Engine } from '../engine/engine.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { RowSet } from './types.js';

/** A row's identity in its source: rowid in a table, file and position in Parquet; a view has none. */
const identity = { table: 'rowid, ', parquet: 'file_index, file_row_number, ', view: '' } as const;

/**
 * The row set's count, and a text that changes when one of its rows is added or deleted or its timestamp
 * changes: the count, the first and last timestamps and the sum of a hash of each row's identity and
 * timestamp. Computed by DuckDB over those columns only, never the values: a value updated in place (same
 * row, same timestamp) is not seen, nor, in a view, a row replaced by one with the same timestamp.
 */
export async function rowsFingerprint(
  engine: Engine,
  rows: RowSet,
): Promise<{ count: number; fingerprint: string }> {
  const ts = quoteIdentifier(rows.timestampColumn);
  const [[count, fingerprint] = [0, '']] = (await engine.rows(
    `SELECT count(*)::DOUBLE, concat_ws(':', count(*), min(${ts}), max(${ts}),
            sum(hash(${identity[rows.source.kind]}${ts})))
     FROM ${rows.source.sql} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`,
    rows.filter?.params ?? [],
  )) as [number, string][];
  return { count, fingerprint };
}
