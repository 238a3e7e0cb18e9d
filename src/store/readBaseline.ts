import type { LabelCounts } from '../compare/labelCounts.js';
import type { Engine } from '../engine/engine.js';
import type { BaselineTarget } from './baselineProfile.js';
import { bytesAsDoubles } from './doubleBytes.js';
import type { FetchedWindow } from './fetchWindows.js';
import { quoteIdentifier } from './quoteIdentifier.js';

type ProfileRow = [
  column: string,
  kind: 'numeric' | 'categorical',
  values: Uint8Array | null,
  counts: [string, number][] | null,
  missing: number | null,
  rows: number,
  firstTime: number | null,
  lastTime: number | null,
];

/**
 * The stored reference window of these columns, when every one has a profile of the same definition over
 * rows of the same fingerprint; else null. One query: only the profiles that hold are read.
 */
export async function readBaseline(
  engine: Engine,
  table: string,
  key: { model: string; target: BaselineTarget; rowFingerprint: string },
  definitions: ReadonlyMap<string, string>,
): Promise<FetchedWindow | null> {
  const stored = (await engine.rows(
    `SELECT column_name, kind, sample_values, label_counts, missing, kept_rows::DOUBLE, first_time, last_time
     FROM ${quoteIdentifier(table)}
     WHERE model_name = ? AND target = ? AND row_fingerprint = ? AND list_contains(?::VARCHAR[], definition)`,
    [key.model, key.target, key.rowFingerprint, [...definitions.values()]],
  )) as ProfileRow[];
  const columns = new Set(stored.map(([column]) => column));
  const [first] = stored;
  if (first === undefined || stored.length !== definitions.size || columns.size !== definitions.size) {
    return null;
  }
  const [, , , , , rows, firstTime, lastTime] = first;
  const window: FetchedWindow = { rows, firstTime, lastTime, numeric: new Map(), categorical: new Map() };
  for (const [column, kind, values, counts, missing] of stored) {
    if (kind === 'numeric') window.numeric.set(column, bytesAsDoubles(values ?? new Uint8Array(0)));
    else
      window.categorical.set(column, { counts: new Map(counts ?? []), missing: missing ?? 0 } as LabelCounts);
  }
  return window;
}
