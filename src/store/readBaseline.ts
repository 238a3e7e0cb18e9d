import type { Engine } from '../engine/engine.js';
import type { BaselineTarget } from './baselineProfile.js';
import { bytesAsDoubles } from './doubleBytes.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import type { FetchedWindow } from './types.js';

type ProfileRow = [
  rowid: number,
  column: string,
  kind: 'numeric' | 'categorical',
  counts: [string, number][] | null,
  missing: number | null,
  rows: number,
  firstTime: number | null,
  lastTime: number | null,
];

/** A pinned reference whose stored profiles hold. */
export interface StoredBaseline {
  /** The window's rows, first and last times and categorical counts; no numeric column yet. */
  window: FetchedWindow;
  /** These numeric columns' samples, read now: one query each, so that a batch holds only its own. */
  samples(columns: readonly string[]): Promise<Map<string, Float64Array>>;
}

/**
 * The stored reference window of these columns, when every one has a profile of the same definition over
 * rows of the same fingerprint; else null. The samples are read later, as they are needed.
 */
export async function readBaseline(
  engine: Engine,
  table: string,
  key: { model: string; target: BaselineTarget; rowFingerprint: string },
  definitions: ReadonlyMap<string, string>,
): Promise<StoredBaseline | null> {
  const name = quoteIdentifier(table);
  const stored = (await engine.rows(
    `SELECT rowid::DOUBLE, column_name, kind, label_counts, missing, kept_rows::DOUBLE, first_time, last_time
     FROM ${name}
     WHERE model_name = ? AND target = ? AND row_fingerprint = ? AND list_contains(?::VARCHAR[], definition)`,
    [key.model, key.target, key.rowFingerprint, [...definitions.values()]],
  )) as ProfileRow[];
  const [first] = stored;
  const columns = new Set(stored.map(([, column]) => column));
  if (first === undefined || columns.size !== definitions.size || stored.length !== definitions.size) {
    return null;
  }
  const [, , , , , rows, firstTime, lastTime] = first;
  const window: FetchedWindow = { rows, firstTime, lastTime, numeric: new Map(), categorical: new Map() };
  const rowids = new Map<string, number>();
  for (const [rowid, column, kind, counts, missing] of stored) {
    if (kind === 'numeric') rowids.set(column, rowid);
    else window.categorical.set(column, { counts: new Map(counts), missing: missing ?? 0 });
  }
  return {
    window,
    async samples(wanted) {
      const samples = new Map<string, Float64Array>();
      for (const column of wanted) {
        // Found by rowid, one a query: a chunk of them all (up to 2 MB each) would not fit DuckDB's memory limit.
        const [sample] = await engine.blobs(`SELECT sample_values FROM ${name} WHERE rowid = ?::BIGINT`, [
          rowids.get(column) as number,
        ]);
        samples.set(column, bytesAsDoubles(sample as Uint8Array));
      }
      return samples;
    },
  };
}
