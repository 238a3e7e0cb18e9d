import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

/** How many runs drift_results holds dated after `now`: a clock ahead, or rows copied from elsewhere. */
export async function futureRuns(engine: Engine, schema: Schema, now: Date): Promise<number> {
  const [[count] = []] = await engine.rows(
    `SELECT count(DISTINCT (${q('run_id')}, ${q('model_name')})) FROM ${q(schema.driftResults)}
     WHERE ${q('target')} = ? AND ${q('computed_at')} > ?::TIMESTAMP`,
    ['model', now],
  );
  return Number(count ?? 0);
}
