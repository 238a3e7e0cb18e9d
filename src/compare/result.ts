export type DriftStatus = 'ok' | 'warning' | 'alert' | 'insufficient_data';

/** One window's summary; `count` is the non-missing values, so count + missing = rows. */
export interface WindowSummary {
  count: number;
  missing: number;
  mean: number | null;
  variance: number | null;
  min: number | null;
  max: number | null;
}

/**
 * The histograms compared. Numeric: edges.length + 1 bins [e_i, e_i+1) with open outer bins;
 * categorical: one bin per category, `edges` holding the category labels. When either window has a
 * missing value, one more bin at the end counts the missing values.
 */
export interface Bins {
  edges: number[] | string[];
  reference: number[];
  current: number[];
}

/** The battery's statistics and the seed's status rules, before the seasonal reference's words and the gate. */
export interface BatteryResult {
  kind: 'numeric' | 'categorical';
  reference: WindowSummary;
  current: WindowSummary;
  bins: Bins;
  ks: { statistic: number; pvalue: number; method: 'exact' | 'asymp' } | null;
  psi: number | null;
  kl: number | null;
  js: number | null;
  wasserstein: number | null;
  wassersteinNormed: number | null;
  chi2: { statistic: number; pvalue: number; dof: number } | null;
  status: DriftStatus;
}

/** What the current window was compared with, and why (see docs/signal.md). */
export interface Seasonal {
  cycle: 'none' | 'day' | 'week';
  /** Why this cycle, with the figures. */
  reason: string;
  /** What the current window was compared with, in words. */
  referencePhase: string;
}

/** The gate against natural variability: a status above ok stays only when the adjusted p-value is small. */
export interface Gate {
  /** The reference's own windows' Pearson dispersion (1 is pure sampling noise). */
  dispersion: number;
  /** How many of the reference's windows measured it. */
  windows: number;
  /** The comparison's p-value with its statistics deflated by the dispersion; null without a test. */
  pvalue: number | null;
  /** Holm-adjusted across the model's features and prediction; null until the family is known. */
  pvalueAdjusted: number | null;
  /** The seed's status, before the gate. */
  statusBeforeGate: DriftStatus;
}

export interface DriftResult extends BatteryResult {
  /** Null when the windows have no times (compare() on arrays). */
  seasonality: Seasonal | null;
  /** Null when the gate is off. */
  gate: Gate | null;
}
