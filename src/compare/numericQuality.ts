import type { Kernel } from '../kernel/kernel.js';
import { shareExcessPValue } from '../stats/shareExcessPValue.js';
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
  // A new value from the reference's distribution falls outside its n values' range with probability
  // 2 / (n + 1); outside the 0.1–99.9% quantiles with about 0.002, and no less than outside the range.
  const rangeExpected = 2 / (n + 1);
  const outside = (low: number, high: number, expected: number): ShareTest | null => {
    if (n === 0 || current.length === 0) return null;
    const k = below(current, low) + current.length - atMost(current, high);
    return { share: k / current.length, pvalue: shareExcessPValue(k, current.length, expected) };
  };
  return {
    missingRate: missingRate(summaries.reference, summaries.current),
    referenceQuantiles: quantiles,
    outOfRange: outside(reference[0] as number, reference[n - 1] as number, rangeExpected),
    outOfQuantiles:
      quantiles === null ? null : outside(quantiles.low, quantiles.high, Math.max(2 * LOW, rangeExpected)),
    unseen: null,
    becameConstant:
      current.length < 2
        ? null
        : current[0] === current[current.length - 1] && n >= 2 && reference[0] !== reference[n - 1],
    types,
  };
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
