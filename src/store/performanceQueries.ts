import type { ModelPerformance } from '../api/dashboard.js';
import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { readEstimated } from './estimatedQueries.js';
import { hasColumn } from './hasColumn.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The performance rows of each model's latest run, in one query; models by name, headline metric first; and
 * each binary classifier's estimated performance.
 */
export async function readPerformance(engine: Engine, schema: Schema): Promise<ModelPerformance[]> {
  // No run of a build that measures performance has written drift_results yet.
  if (!(await hasColumn(engine, schema.driftResults, 'performance_task'))) return [];
  const results = q(schema.driftResults);
  const rows = await engine.rows(
    `WITH latest AS (
       SELECT model_name, arg_max(run_id, computed_at) AS run_id FROM ${results}
       WHERE target = 'model' GROUP BY model_name)
     SELECT r.model_name, r.run_id, epoch_ms(r.computed_at)::DOUBLE, r.performance_task, r.status, r.message,
            r.reference_count::DOUBLE, epoch_ms(r.reference_first_time)::DOUBLE, epoch_ms(r.reference_last_time)::DOUBLE,
            r.current_count::DOUBLE, epoch_ms(r.current_first_time)::DOUBLE, epoch_ms(r.current_last_time)::DOUBLE,
            r.feature, r.metric_reference, r.metric_current, r.metric_change, r.metric_change_low, r.metric_change_high
     FROM ${results} r JOIN latest USING (model_name, run_id)
     WHERE r.target = 'performance'
     ORDER BY r.model_name, r.feature IN ('auc', 'rmse') DESC, r.feature`,
  );
  type Row = [string, string, number, string, string, string | null, ...(number | null)[]];
  const models = new Map<string, ModelPerformance>();
  for (const row of rows) {
    const [model, runId, computedAt, task, status, message, ...rest] = row as Row;
    const [refEvents, refFirst, refLast, curEvents, curFirst, curLast] = rest as (number | null)[];
    const [metric, reference, current, change, changeLow, changeHigh] = rest.slice(6) as [
      string,
      ...(number | null)[],
    ];
    let summary = models.get(model);
    if (!summary) {
      summary = {
        model,
        runId,
        computedAt: iso(computedAt) as string,
        task,
        status,
        message: null,
        reference: {
          events: refEvents ?? null,
          firstTime: iso(refFirst ?? null),
          lastTime: iso(refLast ?? null),
        },
        current: {
          events: curEvents ?? null,
          firstTime: iso(curFirst ?? null),
          lastTime: iso(curLast ?? null),
        },
        metrics: [],
        estimated: null,
      };
      models.set(model, summary);
    }
    summary.message ??= message;
    summary.metrics.push({
      metric,
      reference: reference ?? null,
      current: current ?? null,
      change: change ?? null,
      changeLow: changeLow ?? null,
      changeHigh: changeHigh ?? null,
    });
  }
  const estimates = await readEstimated(engine, schema);
  for (const summary of models.values()) summary.estimated = estimates.get(summary.model) ?? null;
  return [...models.values()];
}
