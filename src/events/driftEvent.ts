// The stream entry Service D reads, as a type: this file and its siblings import nothing at run time, so a
// consumer that loads `service-c/events` loads no DuckDB, BullMQ or worker pool.

/** The version of the stream entry's fields this build writes; `parseDriftEvent` reads it and every older one. */
export const DRIFT_EVENT_SCHEMA_VERSION = 2;

export type DriftEventStatus = 'ok' | 'warning' | 'alert' | 'insufficient_data' | 'error';

/** A column's (or the prediction's) drift: PSI, the KS statistic and p-value (null when categorical), status. */
export interface FeatureSummary {
  psi: number | null;
  ks: number | null;
  ksPValue: number | null;
  status: string;
}

/** The rows a window held, by their timestamps: from the first to the last kept. */
export interface TimeRange<T = string> {
  from: T;
  to: T;
}

/** The thresholds the statuses were decided with (the compare and performance options of the run). */
export interface DriftThresholds {
  psiWarning: number;
  psiAlert: number;
  ksPValue: number;
  ksStatistic: number;
  minCount: number;
  gateAlpha: number;
  aucWarning: number;
  aucAlert: number;
  rmseWarning: number;
  rmseAlert: number;
  minEvents: number;
}

export interface PerformanceMetricSummary {
  reference: number | null;
  current: number | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
}

/** The realized performance from the labelled events. */
export interface PerformanceSummary {
  status: string;
  task: string;
  metrics: Record<string, PerformanceMetricSummary>;
}

/** The performance estimated from the scores (binary classifiers). */
export interface EstimatedPerformanceSummary {
  status: string;
  calibration: string | null;
  metrics: Record<
    string,
    PerformanceMetricSummary & {
      currentLow: number | null;
      currentHigh: number | null;
      realizedCurrent: number | null;
      error: number | null;
    }
  >;
}

/** One stream entry (or the model's latest-result hash), parsed. */
export interface DriftEvent {
  /** 1 for entries written before the field existed. */
  schemaVersion: number;
  runId: string;
  model: string;
  status: DriftEventStatus;
  /** Why the model could not be analysed, when status is 'error'. */
  message: string | null;
  /** model_drift_score; null when there is none. */
  score: number | null;
  /** What the score is: the prediction's PSI, or the largest feature PSI for a model without events. */
  scoreSource: 'prediction' | 'max_feature_psi' | null;
  computedAt: Date;
  /** The reference and current windows' time ranges over the model's features and prediction. */
  windows: { reference: TimeRange<Date> | null; current: TimeRange<Date> | null };
  /** Null in entries from before schema version 2. */
  thresholds: DriftThresholds | null;
  features: Record<string, FeatureSummary>;
  /** The prediction's drift; null for a model without events. */
  prediction: FeatureSummary | null;
  performance: PerformanceSummary | null;
  performanceEstimated: EstimatedPerformanceSummary | null;
}
