import type { DriftResult, DriftStatus } from '../compare/result.js';
import type { PerformanceResult } from '../performance/result.js';
import type { BaselineProfile } from '../store/baselineProfile.js';
import type { WindowInfo } from '../store/driftResultColumns.js';

export type ModelStatus = DriftStatus | 'error';

export interface FeatureOutcome {
  feature: string;
  result: DriftResult;
  reference: WindowInfo;
  current: WindowInfo;
}

/** Realized performance over the labelled events, and where its windows came from. */
export interface PerformanceOutcome {
  result: PerformanceResult;
  reference: WindowInfo;
  current: WindowInfo;
  /** The estimated performance's current window (every event), when there is an estimate. */
  estimatedCurrent: WindowInfo | null;
}

/** A reference pinned to a time range: where the pin came from, and how the reference was read. */
export interface BaselineUse {
  from: Date;
  to: Date;
  /** The model's baseline columns, or the run's `windows.historical`. */
  origin: 'model_metadata' | 'windows.historical';
  /** Columns (features, the prediction, the performance's prediction and label) read from stored profiles. */
  profilesRead: number;
  /** Columns read from the rows, whose profiles are stored with the model's results. */
  profilesStored: number;
  /** Stored profiles that failed their checks and were rebuilt from the rows, one line each. */
  warnings: string[];
}

export interface ModelOutcome {
  model: string;
  status: ModelStatus;
  /** model_drift_score: the prediction's PSI, or the largest feature PSI for a model without events. */
  score: number | null;
  scoreSource: 'prediction' | 'max_feature_psi' | null;
  features: FeatureOutcome[];
  prediction: FeatureOutcome | null;
  /** Null when the model has no labelled event (or the inference log no label column). */
  performance: PerformanceOutcome | null;
  /** Why the model could not be analysed, when status is 'error'. */
  error: string | null;
  /** Rows analysed for this model, both windows, features, predictions and labelled events. */
  rowsAnalyzed: number;
  /** Of those, the rows pulled from DuckDB's tables: a reference read from stored profiles is not. */
  rowsRead: number;
  /** The pinned reference, when the model has one. */
  baseline: BaselineUse | null;
  /** The profiles to store with the model's results (none once written, and none from a queue's worker). */
  baselineProfiles: BaselineProfile[];
}

/** Wall-clock milliseconds spent per step, summed over models. */
export interface RunTimings {
  /**
   * Window selection in SQL and pulling the columns out of DuckDB. On a queue: the workers' whole time but
   * compute, opening the file and waiting for it included.
   */
  readMs: number;
  /** Waiting for the pool: dispatch, transfer and the kernel. */
  computeMs: number;
  /** The per-model transactions. */
  writeMs: number;
}

export interface RunSummary {
  runId: string;
  outcome: 'success' | 'cancelled';
  startedAt: Date;
  finishedAt: Date;
  models: ModelOutcome[];
  timings: RunTimings;
  /** What the run skipped and why (a production row without a name), one line each. */
  warnings: string[];
  /** drift_results rows the retention deleted after the models were written. */
  prunedRows: number;
}
