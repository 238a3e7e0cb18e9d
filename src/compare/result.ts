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

export interface DriftResult {
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
