import type { DriftStatus } from '../compare/result.js';

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
  /** The headline metric (auc or rmse) first. */
  metrics: PerformanceMetric[];
  status: DriftStatus;
}

/** A window's labelled events: prediction i goes with label i. */
export interface LabelledWindow {
  predictions: Float64Array;
  labels: Float64Array;
}
