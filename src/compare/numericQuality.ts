import type { Kernel } from '../kernel/kernel.js';
import { betaBinomialTail } from '../stats/betaBinomialTail.js';
import { missingRate } from './missingRate.js';
import type { ColumnTypes, QualityFigures, ShareTest, WindowSummary } from './result.js';

/** The reference's quantiles whose outside the current's values are counted. */
const LOW = 0.001;
const HIGH = 0.999;

/**
 * A numeric column's quality figures, from the battery's sorted finite values: each count is two binary
 * searches, so the figures cost nothing beside the sort the battery already does.
 */
export function numericQuality(
  kernel: Kernel,
  reference: Float64Array,
  current: Float64Array,
  summaries: { reference: WindowSummary; current: WindowSummary },
  types: ColumnTypes | null,
): QualityFigures {
  const n = reference.length;
  const quantiles =
    n === 0
      ? null
      : { low: kernel.quantileSorted(reference, LOW), high: kernel.quantileSorted(reference, HIGH) };
  // Values drawn like the reference's n are exchangeable with them: how many of the current's m fall into g
  // of the n + 1 gaps between the sorted reference values is beta-binomial(m, g, n + 1 − g) (about 2m / (n + 1)
  // outside the range). Not binomial: the bounds are the reference's own extremes, so a small reference's
  // narrow range puts many values outside at once. g counts the gaps a value outside [low, high] can be in.
  const outside = (low: number, high: number, gaps: number): ShareTest | null => {
    if (n === 0 || current.length === 0) return null;
    const k = below(current, low) + current.length - atMost(current, high);
    return { share: k / current.length, pvalue: betaBinomialTail(k, current.length, gaps, n + 1 - gaps) };
  };
  return {
    missingRate: missingRate(summaries.reference, summaries.current),
    referenceQuantiles: quantiles,
    outOfRange: outside(reference[0] as number, reference[n - 1] as number, 2),
    outOfQuantiles:
      quantiles === null ? null : outside(quantiles.low, quantiles.high, gapsOutside(n, LOW, HIGH)),
    unseen: null,
    becameConstant:
      current.length < 2
        ? null
        : current[0] === current[current.length - 1] && n >= 2 && reference[0] !== reference[n - 1],
    types,
  };
}

/**
 * How many of the n + 1 gaps between n sorted values a value below the `low` quantile or above the `high` one
 * (numpy's type 7, as the kernel interpolates them) can fall into: the quantile at position (n − 1)·p lies
 * in, or on the edge of, one gap; below it are the gaps under the values before it.
 */
function gapsOutside(n: number, low: number, high: number): number {
  const valuesBelow = Math.ceil((n - 1) * low);
  const valuesAbove = n - 1 - Math.floor((n - 1) * high);
  return valuesBelow + 1 + valuesAbove + 1;
}

/** How many of the sorted values are below `value`. */
function below(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted values are at most `value`. */
function atMost(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
