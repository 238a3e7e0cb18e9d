/** A model's own drift_results row, as far as the message needs it. */
export interface ModelResultRow {
  runId: string;
  model: string;
  status: string;
  score: number | null;
  /** Epoch milliseconds. */
  computedAt: number;
}

/** One feature's drift_results row of the same run and model. */
export interface FeatureResultRow {
  feature: string;
  psi: number | null;
  ksStatistic: number | null;
  ksPValue: number | null;
  status: string;
}

/** One performance metric's drift_results row of the same run and model (the metric is in `feature`). */
export interface PerformanceResultRow {
  metric: string;
  task: string;
  status: string;
  reference: number | null;
  current: number | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  /** An estimated metric's: the calibration, the current estimate's interval, the realized value and the error. */
  calibration: string | null;
  currentLow: number | null;
  currentHigh: number | null;
  realizedCurrent: number | null;
  error: number | null;
}

/** What Service D gets per feature; KS is null for categorical features. */
export interface FeatureSummary {
  psi: number | null;
  ks: number | null;
  ksPValue: number | null;
  status: string;
}

/** A stream entry's (and the latest-result hash's) field-value pairs, in this order. */
export type DriftMessage = readonly (readonly [field: string, value: string])[];

/**
 * The message of one model's result: run_id, model, status, score ('' when none), computed_at (ISO 8601,
 * UTC), features, a JSON object from feature name to its summary, and performance ('' for a model without
 * labelled events): a JSON object with the performance status, the task and each metric's windows, change
 * and interval, and performance_estimated ('' but for a binary classifier with labelled events): the same
 * for the performance estimated from the scores, with the calibration and each metric's current interval,
 * realized value and error (null where the current window has too few labels).
 */
export function driftMessage(
  model: ModelResultRow,
  features: readonly FeatureResultRow[],
  performance: readonly PerformanceResultRow[] = [],
  estimated: readonly PerformanceResultRow[] = [],
): DriftMessage {
  // fromEntries defines own properties, so a feature called "__proto__" stays a feature.
  const summaries: Record<string, FeatureSummary> = Object.fromEntries(
    features.map(({ feature, psi, ksStatistic, ksPValue, status }) => [
      feature,
      { psi, ks: ksStatistic, ksPValue, status },
    ]),
  );
  return [
    ['run_id', model.runId],
    ['model', model.model],
    ['status', model.status],
    ['score', model.score === null ? '' : String(model.score)],
    ['computed_at', new Date(model.computedAt).toISOString()],
    ['features', JSON.stringify(summaries)],
    ['performance', performanceSummary(performance)],
    ['performance_estimated', estimatedSummary(estimated)],
  ];
}

function performanceSummary(rows: readonly PerformanceResultRow[]): string {
  const [first] = rows;
  if (first === undefined) return '';
  const metrics = Object.fromEntries(
    rows.map(({ metric, reference, current, change, changeLow, changeHigh }) => [
      metric,
      { reference, current, change, changeLow, changeHigh },
    ]),
  );
  return JSON.stringify({ status: first.status, task: first.task, metrics });
}

function estimatedSummary(rows: readonly PerformanceResultRow[]): string {
  const [first] = rows;
  if (first === undefined) return '';
  const metrics = Object.fromEntries(
    rows.map((row) => {
      const { reference, current, change, changeLow, changeHigh, currentLow, currentHigh } = row;
      const known = { realizedCurrent: row.realizedCurrent, error: row.error };
      return [
        row.metric,
        { reference, current, change, changeLow, changeHigh, currentLow, currentHigh, ...known },
      ];
    }),
  );
  return JSON.stringify({ status: first.status, calibration: first.calibration, metrics });
}
