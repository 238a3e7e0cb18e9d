// The JSON the dashboard's endpoints answer: the contract between src/store/ and src/serve/, which make it, and the page (src/web/), which reads it. Types only.

/** A drift status as drift_results holds it: ok, warning, alert, insufficient_data or error. */
export type Status = string;

export interface FeatureSummary {
  feature: string;
  psi: number | null;
  ksStatistic: number | null;
  ksPValue: number | null;
  /** The feature's status: the worse of its drift and its quality (docs/data-quality.md). */
  status: Status;
  /** The quality's status and the signal that gave it; null for a row written before them. */
  quality: { status: Status; signal: string | null; decided: boolean } | null;
}

/** GET /api/models: every model of model_metadata, and what its latest run found. */
export interface ModelsResponse {
  /** The PSI thresholds of the status: warning from `warning` on, alert above `alert`. */
  thresholds: { warning: number; alert: number };
  models: ModelSummary[];
}

export interface ModelSummary {
  model: string;
  /** model_metadata's status: production, archived... */
  status: string;
  /** drift_status, model_drift_score and last_drift_run_at (ISO 8601) of model_metadata; null before a run. */
  driftStatus: Status | null;
  driftScore: number | null;
  lastRunAt: string | null;
  /** The model's latest run in drift_results, null when it has none. */
  runId: string | null;
  /** That run's feature rows, in the order of model_metadata's features. */
  features: FeatureSummary[];
  /** That run's row for the model's prediction, when it had one. */
  prediction: FeatureSummary | null;
}

/** GET /api/overview: every model in a few fields, for the page's first view. */
export interface OverviewResponse {
  thresholds: ModelsResponse['thresholds'];
  /** Production models per drift status; 'none' counts those without a run yet. */
  counts: Record<string, number>;
  models: OverviewModel[];
}

export interface OverviewModel {
  model: string;
  /** model_metadata's status: production, archived... */
  status: string;
  driftStatus: Status | null;
  score: number | null;
  /** Epoch seconds of last_drift_run_at; null before a run. */
  lastRunAt: number | null;
  /** How many of its features each status has in its latest run. */
  features: Record<Status, number>;
  /** Its feature with the highest PSI in that run. */
  worst: { feature: string; psi: number | null } | null;
  /** That run's performance status (part of driftStatus); null without labelled events. */
  performance: Status | null;
  /** model_metadata's baseline columns (ISO 8601, [from, to)) when both are set: its reference is pinned. */
  baseline: { from: string; to: string } | null;
}

/**
 * GET /api/models/:model/history?days=N: the model's runs in the N days (1 to 31, default 7) up to its
 * latest run, oldest first, in columns. A status is one letter per run (see statusLetters): o ok,
 * w warning, a alert, i insufficient data, e error, - none; PSI and scores to 4 significant digits.
 */
export interface HistoryResponse {
  model: string;
  days: number;
  /** Epoch seconds of each run. */
  times: number[];
  statuses: string;
  scores: (number | null)[];
  features: { feature: string; psi: (number | null)[]; statuses: string }[];
}

export interface WindowDetail {
  /** One count per bin. */
  histogram: number[];
  /** Non-missing values, and missing ones (NULL, NaN, ±Infinity). */
  count: number | null;
  missing: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** ISO 8601 of the window's first and last rows. */
  firstTime: string | null;
  lastTime: string | null;
}

/** GET /api/models/:model/features/:feature: the feature's latest result. */
export interface FeatureDetailResponse {
  model: string;
  feature: string;
  runId: string;
  computedAt: string;
  kind: 'numeric' | 'categorical' | null;
  status: Status;
  message: string | null;
  /** Numeric: bins [e_i, e_i+1) with open outer bins, edges.length + 1 of them. */
  binEdges: number[] | null;
  /** Categorical: one bin per category. */
  categories: string[] | null;
  /** Whether the histograms end with one more bin counting the missing values. */
  missingBin: boolean;
  reference: WindowDetail;
  current: WindowDetail;
  ks: { statistic: number; pvalue: number | null; method: string | null } | null;
  psi: number | null;
  kl: number | null;
  js: number | null;
  wasserstein: number | null;
  chi2: { statistic: number; pvalue: number | null; dof: number | null } | null;
  /** The seasonal reference and the gate (docs/signal.md); null for a row written before them. */
  signal: FeatureSignal | null;
}

/** What the current window was compared with, and the gate against natural variability. */
export interface FeatureSignal {
  /** 'none', 'day' or 'week'. */
  cycle: string | null;
  reason: string | null;
  referencePhase: string | null;
  dispersion: number | null;
  windows: number | null;
  pvalue: number | null;
  pvalueAdjusted: number | null;
  statusBeforeGate: Status | null;
}

/** Any 4xx answer. */
export interface ErrorResponse {
  error: string;
}

/** One performance metric of a model's latest run; the change is current minus reference. */
export interface PerformanceMetricSummary {
  metric: string;
  reference: number | null;
  current: number | null;
  change: number | null;
  /** The bootstrap interval of the change (the headline metric, AUC or RMSE, only). */
  changeLow: number | null;
  changeHigh: number | null;
}

/** A model's realized performance in its latest run, from its labelled events. */
export interface ModelPerformance {
  model: string;
  runId: string;
  computedAt: string;
  task: string;
  status: Status;
  /** Where the task came from (model_metadata or inferred). */
  message: string | null;
  /** Labelled events and the first and last event times (ISO 8601) of each window. */
  reference: { events: number | null; firstTime: string | null; lastTime: string | null };
  current: { events: number | null; firstTime: string | null; lastTime: string | null };
  /** The headline metric (auc or rmse) first. */
  metrics: PerformanceMetricSummary[];
  /** A binary classifier's performance estimated from its scores (CBPE); null otherwise. */
  estimated: EstimatedPerformanceSummary | null;
}

/** An estimated metric: the estimate's interval in the current window, the realized values, the error. */
export interface EstimatedMetricSummary extends PerformanceMetricSummary {
  currentLow: number | null;
  currentHigh: number | null;
  realizedReference: number | null;
  /** From the current window's labelled events, when enough have arrived; the error is estimate minus it. */
  realizedCurrent: number | null;
  error: number | null;
}

/** The performance estimated from a binary classifier's scores in its latest run, and its known error. */
export interface EstimatedPerformanceSummary {
  status: Status;
  calibration: string | null;
  /** How the scores were calibrated and why. */
  message: string | null;
  /** The current window's events, labelled or not, and how many of them are labelled. */
  current: {
    events: number | null;
    labelled: number | null;
    firstTime: string | null;
    lastTime: string | null;
  };
  /** auc first. */
  metrics: EstimatedMetricSummary[];
  /** The estimated AUC's error against the realized one in every run whose current window was labelled, oldest first. */
  errors: { computedAt: string; error: number }[];
}

/** GET /api/performance: the latest performance of every model that has labelled events. */
export interface PerformanceResponse {
  models: ModelPerformance[];
}
