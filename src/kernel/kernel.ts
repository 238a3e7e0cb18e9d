/**
 * The hot routines of the statistics, implemented twice with identical results: by the WebAssembly
 * kernel (`loadWasmKernel`) and in plain TypeScript (`jsKernel`, the reference and the benchmarks' JS side).
 *
 * Ownership: a kernel only works on arrays it handed out from `allocate`. Each `allocate` starts a new
 * task and invalidates every array of the previous one.
 */
/** A window's scores split by label, each part sorted ascending. */
export interface SortedClasses {
  positives: Float64Array;
  negatives: Float64Array;
}

export interface Kernel {
  readonly name: 'wasm' | 'js';
  /** Zero-filled arrays of the given lengths, plus the scratch `sort` needs for the longest of them. */
  allocate(lengths: readonly number[]): Float64Array[];
  /** Moves the finite values to the front in order; returns their count. */
  compactFinite(values: Float64Array): number;
  /** Sorts ascending in place (-0 before +0). */
  sort(values: Float64Array): void;
  /**
   * From one walk over two sorted samples: the KS statistic (the largest gap between their empirical
   * CDFs), the Wasserstein-1 distance (the area between them) and, when no value occurs twice in the two
   * samples together, Mood's untied sum over b (`moodUntiedSum(b, a, (N + 1)/2)` of
   * src/stats/moodScaleTest.ts, bit for bit, N values in all); NaN when a value repeats.
   */
  ecdfDistances(a: Float64Array, b: Float64Array): { ks: number; wasserstein: number; mood: number };
  /** Type-7 quantile of a sorted sample, bit-identical to numpy's default. */
  quantileSorted(sorted: Float64Array, p: number): number;
  /** Counts a sorted sample into edges.length + 1 bins [e_i, e_i+1), the outer ones open. */
  countBins(sorted: Float64Array, edges: Float64Array, counts: Float64Array): void;
  /**
   * Counts rows (unsorted) into cells of k + 2 bins per slot (k = edges.length): row i into slot slots[i]
   * (skipped when negative), bin "edges at or below its value", or bin k + 1 when it is not finite.
   */
  slotBinCounts(values: Float64Array, slots: Float64Array, edges: Float64Array, counts: Float64Array): void;
  /** Population stability index of two share vectors; a zero share counts as `epsilon`. */
  psi(reference: Float64Array, current: Float64Array, epsilon: number): number;
  /** KL(reference || current), natural log; a zero share counts as `epsilon`. */
  kl(reference: Float64Array, current: Float64Array, epsilon: number): number;
  /** Jensen-Shannon distance, natural log, each vector normalised to sum 1. */
  jsDistance(reference: Float64Array, current: Float64Array): number;
  mean(values: Float64Array): number;
  /** Sample variance (n - 1) around `center`, the mean. */
  variance(values: Float64Array, center: number): number;
  /**
   * The generic sum of the one-sided Kolmogorov-Smirnov survival function (`smirnovSum` in
   * src/stats/smirnovSum.ts, bit for bit): the KS p-value's cost at large windows.
   */
  smirnovSum(n: number, x: number): number;
  /** ROC AUC of sorted scores: the Mann-Whitney U of the positives over the negatives, ties as 1/2. */
  rocAuc(positives: Float64Array, negatives: Float64Array): number;
  /**
   * `out.length` bootstrap resamples (Mulberry32 from `seed`) of current AUC minus reference AUC, each
   * window's positives and negatives drawn apart; `weights` is scratch of `bootstrapScratch(reference,
   * current)` doubles (the TypeScript kernel uses the first `max(events)` of them).
   */
  bootstrapAucChange(
    reference: SortedClasses,
    current: SortedClasses,
    seed: number,
    weights: Float64Array,
    out: Float64Array,
  ): void;
  /** As bootstrapAucChange, for current RMSE minus reference RMSE, from each window's squared errors. */
  bootstrapRmseChange(
    referenceSquaredErrors: Float64Array,
    currentSquaredErrors: Float64Array,
    seed: number,
    weights: Float64Array,
    out: Float64Array,
  ): void;
  /**
   * Isotonic calibration of labelled events (pool-adjacent-violators in score order): block b covers the
   * scores up to upper[b] with probability level[b]; returns the block count. upper, level and counts
   * (scratch) hold at least as many doubles as there are events.
   */
  isotonicFit(
    reference: SortedClasses,
    upper: Float64Array,
    level: Float64Array,
    counts: Float64Array,
  ): number;
  /** out[i] = the level of the first of `blocks` blocks whose upper bound is at least sorted[i]. */
  isotonicApply(
    sorted: Float64Array,
    upper: Float64Array,
    level: Float64Array,
    blocks: number,
    out: Float64Array,
  ): void;
  /**
   * Expected ROC AUC, accuracy, precision, recall and F1 (into out[0..4], NaN where undefined) of events
   * sorted by score, event i positive with probability probabilities[i]; a score at or above `threshold`
   * predicts positive.
   */
  estimatedMetrics(
    sorted: Float64Array,
    probabilities: Float64Array,
    threshold: number,
    out: Float64Array,
  ): void;
  /** The same five metrics realized by labelled events. */
  realizedMetrics(classes: SortedClasses, threshold: number, out: Float64Array): void;
  /**
   * out.length / 5 resamples (Mulberry32 from `seed`) of `size` labelled events drawn with replacement, the
   * five realized metrics of each in turn; `weights` is scratch of `bootstrapScratch(classes' sizes)`
   * doubles (the TypeScript kernel uses the first `events` of them).
   */
  bootstrapRealizedMetrics(
    classes: SortedClasses,
    size: number,
    threshold: number,
    seed: number,
    weights: Float64Array,
    out: Float64Array,
  ): void;
}
