import type { DriftStatus, Gate } from '../compare/result.js';

export type PerformanceTask = 'binary_classification' | 'regression';

export const performanceTasks: readonly PerformanceTask[] = ['binary_classification', 'regression'];

/** Binary: auc, log_loss, brier, accuracy, positive_rate. Regression: rmse, mae, mean_error. */
export type PerformanceMetricName =
  | 'auc'
  | 'log_loss'
  | 'brier'
  | 'accuracy'
  | 'positive_rate'
  | 'rmse'
  | 'mae'
  | 'mean_error';

/** One metric in both windows; the change is current minus reference. */
export interface PerformanceMetric {
  metric: PerformanceMetricName;
  reference: number | null;
  current: number | null;
  change: number | null;
  /** The bootstrap interval of the change: the headline metric (AUC or RMSE) only. */
  changeLow: number | null;
  changeHigh: number | null;
}

export interface PerformanceResult {
  task: PerformanceTask;
  /** Whether `task` came from model_metadata or was inferred from the labels and predictions. */
  taskSource: 'model_metadata' | 'inferred';
  /** Labelled events in each window. */
  referenceEvents: number;
  currentEvents: number;
  /** Labelled events left out of each window: a prediction or a label NaN or ±Infinity. */
  referenceMissing: number;
  currentMissing: number;
  /** The headline metric (auc or rmse) first. */
  metrics: PerformanceMetric[];
  /** After the gate (the status before it is in `gate`). */
  status: DriftStatus;
  /** The gate of the headline metric's worsening; null when the gate is off. */
  gate: PerformanceGate | null;
  /** Binary classification: the performance estimated from the scores of every current event; else null. */
  estimated: EstimatedPerformance | null;
}

/** A window's labelled events: prediction i goes with label i. */
export interface LabelledWindow {
  predictions: Float64Array;
  labels: Float64Array;
  /** Event i's hour index (NaN without a time): the reference's, when the gate cuts it into chunks. */
  hours?: Float64Array;
}

/**
 * The gate of the realized performance (docs/signal.md): `dispersion` is the spread the worsening was
 * read against — the larger of the reference's own spread and the bootstrap's standard deviation of the
 * change — and `pvalue` the upper normal tail of the worsening over it.
 */
export interface PerformanceGate extends Gate {
  /** The reference's own spread (root mean square of its chunks' worsening; 0 when not measured): stored. */
  referenceSpread: number;
}

/** The metrics estimated from a binary classifier's scores alone. */
export type EstimatedMetricName = 'auc' | 'accuracy' | 'precision' | 'recall' | 'f1';

export const estimatedMetricNames: readonly EstimatedMetricName[] = [
  'auc',
  'accuracy',
  'precision',
  'recall',
  'f1',
];

/**
 * One estimated metric: `reference` and `current` are the estimates in each window, the change and its
 * interval as a realized metric's; `currentLow`/`currentHigh` the interval of the current estimate. The
 * realized values are the labelled events' (the current window's only when enough of them are labelled),
 * and `error` the current estimate minus the current realized value.
 */
export interface EstimatedMetric extends Omit<PerformanceMetric, 'metric'> {
  metric: EstimatedMetricName;
  currentLow: number | null;
  currentHigh: number | null;
  realizedReference: number | null;
  realizedCurrent: number | null;
  error: number | null;
}

export interface EstimatedPerformance {
  /** Whether the scores were calibrated (isotonic, on the reference's labelled events) or taken as they are. */
  calibration: 'isotonic' | 'none';
  /** Why, in words: the option, or the out-of-fold Brier scores that decided. */
  calibrationReason: string;
  /** Labelled events of the reference; events (labelled or not) of the current window, and of them labelled. */
  referenceEvents: number;
  currentEvents: number;
  currentLabelled: number;
  /** auc first. */
  metrics: EstimatedMetric[];
  status: DriftStatus;
}
