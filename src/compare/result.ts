import type { MoodTest } from '../stats/moodScaleTest.js';

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
  /**
   * Numeric: Mood's scale test, `scipy.stats.mood(current, reference)` (z > 0 when the current window is
   * the more spread); null for a categorical column or where SciPy gives NaN. Read by the gate only.
   */
  mood: MoodTest | null;
  /** The data-quality signals (docs/data-quality.md), with their own status. */
  quality: Quality;
  /** The seed's drift status (PSI and KS), before the quality's. */
  status: DriftStatus;
}

/** The quality signals: each names the figure whose rule decided the quality's status. */
export const qualitySignals = [
  'missing_rate',
  'out_of_range',
  'out_of_quantiles',
  'unseen_categories',
  'became_constant',
  'type_change',
] as const;

export type QualitySignal = (typeof qualitySignals)[number];

/** A share of the current window's values, and its one-sided p-value against the share expected unchanged. */
export interface ShareTest {
  share: number;
  pvalue: number;
}

/** The column's DuckDB type now, and the one recorded with the reference (null when none was). */
export interface ColumnTypes {
  reference: string | null;
  current: string;
}

/** What the quality's rules read; see docs/data-quality.md. */
export interface QualityFigures {
  /**
   * Missing rows over rows in each window, and the one-sided p-value of the current's being higher (a
   * pooled two-proportion z-test); null when neither window has a missing row, or one has no row.
   */
  missingRate: { reference: number; current: number; pvalue: number | null };
  /** Numeric: the reference's 0.1% and 99.9% quantiles (type 7); null without reference values. */
  referenceQuantiles: { low: number; high: number } | null;
  /** Numeric: the current values outside the reference's [min, max]; null without values on either side. */
  outOfRange: ShareTest | null;
  /** Numeric: the current values outside the reference's 0.1–99.9% quantiles. */
  outOfQuantiles: ShareTest | null;
  /**
   * Categorical: the current window's labels the reference never has, and their share of its labelled rows;
   * `categories` holds the most frequent (at most 20), `count` them all. Null for a numeric column or
   * without labelled rows.
   */
  unseen: { count: number; share: number; categories: string[] } | null;
  /**
   * Whether the current window's values are all one (at least two of them) while the reference has two or
   * more; null when the current window has fewer than two values.
   */
  becameConstant: boolean | null;
  /** The types compared for a type change; null without types (compare() on arrays). */
  types: ColumnTypes | null;
}

export interface Quality extends QualityFigures {
  /** The worst of the quality's rules; never insufficient_data: a figure without data raises nothing. */
  status: 'ok' | 'warning' | 'alert';
  /** The figure whose rule gave `status`; null when ok. */
  signal: QualitySignal | null;
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

export interface DriftResult extends Omit<BatteryResult, 'status'> {
  /** The feature's status: the worst of `driftStatus` and the quality's status. */
  status: DriftStatus;
  /** The drift battery's status, after the gate. */
  driftStatus: DriftStatus;
  /** Which decided `status`: the drift, or the quality when its status is strictly worse. */
  statusSource: 'drift' | 'quality';
  /** Null when the windows have no times (compare() on arrays). */
  seasonality: Seasonal | null;
  /** Null when the gate is off. */
  gate: Gate | null;
}
