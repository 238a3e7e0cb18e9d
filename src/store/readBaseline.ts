import type { Engine } from '../engine/engine.js';
import type { BaselineTarget } from './baselineProfile.js';
import { bytesAsDoubles } from './doubleBytes.js';
import type { FetchedWindow } from './fetchWindows.js';
import { quoteIdentifier } from './quoteIdentifier.js';

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

/**
 * The stored reference window of these columns, when every one has a profile of the same definition over
 * rows of the same fingerprint; else null. The samples are read only once every profile is known to hold.
 */
export async function readBaseline(
  engine: Engine,
  table: string,
  key: { model: string; target: BaselineTarget; rowFingerprint: string },
  definitions: ReadonlyMap<string, string>,
): Promise<FetchedWindow | null> {
  const holding = `FROM ${quoteIdentifier(table)}
    WHERE model_name = ? AND target = ? AND row_fingerprint = ? AND list_contains(?::VARCHAR[], definition)`;
  const params = [key.model, key.target, key.rowFingerprint, [...definitions.values()]];
  const stored = (await engine.rows(
    `SELECT rowid::DOUBLE, column_name, kind, label_counts, missing, kept_rows::DOUBLE, first_time, last_time ${holding}
     ORDER BY column_name`,
    params,
  )) as ProfileRow[];
  const [first] = stored;
  const columns = new Set(stored.map(([, column]) => column));
  if (first === undefined || columns.size !== definitions.size || stored.length !== definitions.size) {
    return null;
  }
  const [, , , , , rows, firstTime, lastTime] = first;
  const window: FetchedWindow = { rows, firstTime, lastTime, numeric: new Map(), categorical: new Map() };
  for (const [rowid, column, kind, counts, missing] of stored) {
    if (kind === 'categorical') {
      window.categorical.set(column, { counts: new Map(counts), missing: missing ?? 0 });
      continue;
    }
    // One sample per query, found by its rowid: a chunk of them all (up to 2 MB each) would not fit
    // DuckDB's memory limit.
    const [sample] = await engine.blobs(
      `SELECT sample_values FROM ${quoteIdentifier(table)} WHERE rowid = ?::BIGINT`,
      [rowid],
    );
    window.numeric.set(column, bytesAsDoubles(sample as Uint8Array));
  }
  return window;
}
