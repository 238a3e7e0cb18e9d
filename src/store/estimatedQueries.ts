import type { EstimatedPerformanceSummary } from '../api/dashboard.js';
import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { hasColumn } from './hasColumn.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** How many past errors of the estimated AUC a model's card shows. */
const ERROR_RUNS = 30;

/**
 * Each model's estimated performance in its latest run (AUC first), with the estimated AUC's error in its
 * last ERROR_RUNS runs whose current window was labelled, oldest first: two queries for every model.
 */
export async function readEstimated(
  engine: Engine,
  schema: Schema,
): Promise<Map<string, EstimatedPerformanceSummary>> {
  const estimates = new Map<string, EstimatedPerformanceSummary>();
  // No run of a build that estimates performance has written drift_results yet.
  if (!(await hasColumn(engine, schema.driftResults, 'estimate_error'))) return estimates;
  const results = q(schema.driftResults);
  const rows = await engine.rows(
    `WITH latest AS (
       SELECT model_name, arg_max(run_id, computed_at) AS run_id FROM ${results}
       WHERE target = 'model' GROUP BY model_name)
     SELECT r.model_name, r.status, r.calibration, r.message, r.current_count::DOUBLE, r.estimate_labelled::DOUBLE,
            epoch_ms(r.current_first_time)::DOUBLE, epoch_ms(r.current_last_time)::DOUBLE, r.feature,
            r.metric_reference, r.metric_current, r.metric_change, r.metric_change_low, r.metric_change_high,
            r.estimate_low, r.estimate_high, r.realized_reference, r.realized_current, r.estimate_error
     FROM ${results} r JOIN latest USING (model_name, run_id)
     WHERE r.target = 'performance_estimated'
     ORDER BY r.model_name, r.feature = 'auc' DESC, r.feature`,
  );
  type Row = [string, string, string | null, string | null, ...(number | null)[]];
  for (const row of rows) {
    const [model, status, calibration, message, events, labelled, first, last, ...rest] = row as Row;
    const [metric, ...numbers] = rest as [string, ...(number | null)[]];
    const [reference, current, change, changeLow, changeHigh, currentLow, currentHigh] = numbers;
    const [realizedReference, realizedCurrent, error] = numbers.slice(7);
    let estimate = estimates.get(model);
    if (!estimate) {
      const window = { events: events ?? null, labelled: labelled ?? null };
      estimate = {
        status,
        calibration,
        message: null,
        current: { ...window, firstTime: iso(first ?? null), lastTime: iso(last ?? null) },
        metrics: [],
        errors: [],
      };
      estimates.set(model, estimate);
    }
    estimate.message ??= message;
    const interval = { currentLow: currentLow ?? null, currentHigh: currentHigh ?? null };
    const known = { realizedReference: realizedReference ?? null, realizedCurrent: realizedCurrent ?? null };
    estimate.metrics.push({
      metric,
      reference: reference ?? null,
      current: current ?? null,
      change: change ?? null,
      changeLow: changeLow ?? null,
      changeHigh: changeHigh ?? null,
      ...interval,
      ...known,
      error: error ?? null,
    });
  }
  const errors = await engine.rows(
    `SELECT model_name, epoch_ms(computed_at)::DOUBLE, estimate_error FROM ${results}
     WHERE target = 'performance_estimated' AND feature = 'auc' AND estimate_error IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY model_name ORDER BY computed_at DESC) <= ${ERROR_RUNS}
     ORDER BY model_name, computed_at`,
  );
  for (const [model, at, error] of errors as [string, number, number][]) {
    estimates.get(model)?.errors.push({ computedAt: iso(at) as string, error });
  }
  return estimates;
}
