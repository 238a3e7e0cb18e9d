import {
  DRIFT_EVENT_SCHEMA_VERSION,
  type DriftThresholds,
  type FeatureSummary,
  type TimeRange,
} from '../events/driftEvent.js';

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

/** What the message adds from the model's other rows of the run, and the thresholds in force. */
export interface MessageDetails {
  /** The model row's message: why it failed. */
  message: string | null;
  /** The prediction's row; null for a model without events. */
  prediction: FeatureResultRow | null;
  /** Epoch milliseconds of the first and last rows over the model's feature and prediction rows. */
  windows: { reference: TimeRange<number> | null; current: TimeRange<number> | null };
  thresholds: DriftThresholds | null;
}

const noDetails: MessageDetails = {
  message: null,
  prediction: null,
  windows: { reference: null, current: null },
  thresholds: null,
};

const summaryOf = ({ psi, ksStatistic, ksPValue, status }: FeatureResultRow): FeatureSummary => ({
  psi,
  ks: ksStatistic,
  ksPValue,
  status,
});

const isoRange = (range: TimeRange<number> | null) =>
  range && { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };

/** A stream entry's (and the latest-result hash's) field-value pairs, in this order. */
export type DriftMessage = readonly (readonly [field: string, value: string])[];

/**
 * The message of one model's result (docs/redis-stream.md): run_id, model, status, score ('' when none),
 * computed_at (ISO 8601, UTC), features (feature name to its summary), performance and
 * performance_estimated (JSON objects; '' when there is none), then schema_version, message (why it failed;
 * '' otherwise), score_source, prediction (its summary; '' without events), windows (both windows' time
 * ranges) and thresholds (those in force).
 */
export function driftMessage(
  model: ModelResultRow,
  features: readonly FeatureResultRow[],
  performance: readonly PerformanceResultRow[] = [],
  estimated: readonly PerformanceResultRow[] = [],
  details: MessageDetails = noDetails,
): DriftMessage {
  // fromEntries defines own properties, so a feature called "__proto__" stays a feature.
  const summaries: Record<string, FeatureSummary> = Object.fromEntries(
    features.map((row) => [row.feature, summaryOf(row)]),
  );
  // As the run decides it: the prediction's PSI when the model has events, else its largest feature PSI.
  const scoreSource = details.prediction ? 'prediction' : features.length > 0 ? 'max_feature_psi' : '';
  const { reference, current } = details.windows;
  // The fields of schema version 1 first, in their order; what version 2 added after them.
  return [
    ['run_id', model.runId],
    ['model', model.model],
    ['status', model.status],
    ['score', model.score === null ? '' : String(model.score)],
    ['computed_at', new Date(model.computedAt).toISOString()],
    ['features', JSON.stringify(summaries)],
    ['performance', performanceSummary(performance)],
    ['performance_estimated', estimatedSummary(estimated)],
    ['schema_version', String(DRIFT_EVENT_SCHEMA_VERSION)],
    ['message', details.message ?? ''],
    ['score_source', scoreSource],
    ['prediction', details.prediction ? JSON.stringify(summaryOf(details.prediction)) : ''],
    ['windows', JSON.stringify({ reference: isoRange(reference), current: isoRange(current) })],
    ['thresholds', details.thresholds === null ? '' : JSON.stringify(details.thresholds)],
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
