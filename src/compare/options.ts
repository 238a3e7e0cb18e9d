/** Every threshold of the drift battery. */
export interface CompareOptions {
  /** Numeric bins: edges at the reference's quantiles 1/bins ... (bins-1)/bins, deduplicated. */
  bins: number;
  /** The share an empty bin counts as in PSI and KL (not renormalised). */
  epsilon: number;
  /** Treat every value as a category, numbers included. */
  categorical: boolean;
  /** Fewer non-missing values than this in either window gives `insufficient_data`. */
  minCount: number;
  /** PSI at or above this is a warning. */
  psiWarning: number;
  /** PSI above this is an alert. */
  psiAlert: number;
  /** KS lifts `ok` to `warning` only when its p-value is below this ... */
  ksPValue: number;
  /** ... and its statistic above this: with huge samples a tiny p-value alone flags harmless shifts. */
  ksStatistic: number;
  /** Floor of the reference's standard deviation when normalising the Wasserstein distance. */
  stdFloor: number;
}

export const defaultCompareOptions: Readonly<CompareOptions> = Object.freeze({
  bins: 10,
  epsilon: 1e-4,
  categorical: false,
  minCount: 30,
  psiWarning: 0.1,
  psiAlert: 0.25,
  ksPValue: 0.05,
  ksStatistic: 0.1,
  stdFloor: 1e-3,
});

export function resolveCompareOptions(options: Partial<CompareOptions> = {}): CompareOptions {
  const resolved = { ...defaultCompareOptions, ...options };
  if (!Number.isInteger(resolved.bins) || resolved.bins < 2) {
    throw new RangeError(`bins must be an integer of at least 2, got ${resolved.bins}`);
  }
  if (!(resolved.epsilon > 0 && resolved.epsilon < 1)) {
    throw new RangeError(`epsilon must be between 0 and 1, got ${resolved.epsilon}`);
  }
  return resolved;
}
