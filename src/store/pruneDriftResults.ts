import type { Engine } from '../engine/engine.js';
import type { Retention, Schema } from '../run/options.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

const DAY_MS = 86_400_000;

/**
 * Deletes the drift_results rows of the runs the retention lets go: a model's run older than `days` before
 * `now`, or behind its model's newest `runsPerModel` runs. A model's newest run stays whatever its age, and
 * so does every run still in the outbox (not yet published) and the run `keep` (the one applying it). A run
 * dated after `now` (a copied row, a clock ahead) is not trusted as newer than the others: it is neither
 * counted nor deleted (futureRuns reports it). A run is known by its model's own row, as the outbox knows
 * it. Resolves to the number of rows deleted.
 */
export async function pruneDriftResults(
  engine: Engine,
  schema: Schema,
  { days, runsPerModel }: Retention,
  now: Date,
  keep: string | null = null,
): Promise<number> {
  if (days === null && runsPerModel === null) return 0;
  const results = q(schema.driftResults);
  const [run, model, at] = [q('run_id'), q('model_name'), q('computed_at')];
  // A NULL bound (that rule off) makes its comparison NULL, which lets nothing go.
  const [deleted] = await engine.rows(
    `DELETE FROM ${results} USING (
       SELECT ${run}, ${model} FROM (
         SELECT ${run}, ${model}, ${at},
           row_number() OVER (PARTITION BY ${model} ORDER BY ${at} DESC, ${run} DESC) AS newness
         FROM ${results} WHERE ${q('target')} = ? AND ${at} <= ?::TIMESTAMP) AS runs
       WHERE newness > 1 AND (${at} < ?::TIMESTAMP OR newness > ?::BIGINT) AND ${run} IS DISTINCT FROM ?
         AND NOT EXISTS (SELECT 1 FROM ${q(schema.driftOutbox)} AS pending
                         WHERE pending.${run} = runs.${run} AND pending.${model} = runs.${model})
     ) AS doomed
     WHERE ${results}.${run} = doomed.${run} AND ${results}.${model} = doomed.${model}`,
    ['model', now, days === null ? null : new Date(now.getTime() - days * DAY_MS), runsPerModel, keep],
  );
  return Number(deleted?.[0] ?? 0);
}
