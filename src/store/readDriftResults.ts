import type { Engine, SqlValue } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { driftResultColumns } from './driftResultColumns.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

/** The drift_results rows, each an object by column, in a fixed order: model, target, feature, time. */
export async function readDriftResults(engine: Engine, schema: Schema): Promise<Record<string, SqlValue>[]> {
  const names = driftResultColumns.map(([name]) => name);
  const rows = await engine.rows(
    `SELECT ${names.map(q).join(', ')} FROM ${q(schema.driftResults)}
     ORDER BY model_name, target, feature NULLS FIRST, computed_at`,
  );
  return rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])));
}
