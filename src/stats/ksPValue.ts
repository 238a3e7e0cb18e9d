import { greatestCommonDivisor } from './greatestCommonDivisor.js';
import { kolmogorovSf } from './kolmogorovSf.js';
import { ksExactSfEqualSizes } from './ksExactSfEqualSizes.js';
import { ksExactSfUnequalSizes } from './ksExactSfUnequalSizes.js';
import { roundHalfEven } from './roundHalfEven.js';
import { type SmirnovSum, smirnovSum } from './smirnovSum.js';

export type KsMethod = 'exact' | 'asymp';

/** SciPy's `ks_2samp(method='auto')` uses the exact distribution up to this sample size. */
const MAX_EXACT_N = 10000;

function assertSampleSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`ksPValue: ${name} must be an integer >= 1, got ${value}`);
  }
}

/**
 * Two-sided p-value of the two-sample Kolmogorov-Smirnov statistic `statistic` = D for sample sizes
 * n1 and n2, as `scipy.stats.ks_2samp(x, y, method='auto')` (SciPy 1.17) computes it from D.
 *
 * - max(n1, n2) <= 10000: exact null distribution, with D snapped to the lattice h / lcm(n1, n2)
 *   (equal sizes: Hodges' reflection sum; unequal: Viehmann's recursion). When the result is not
 *   in [0, 1], which happens with equal sizes and tiny h where rounding lands just above 1, SciPy
 *   declares the exact computation failed and falls back to the asymptotic method; so does this.
 * - otherwise: `kstwo.sf(D, round(n1*n2 / (n1+n2)))`, the one-sample Kolmogorov distribution at the
 *   effective size, rounded half-to-even like `np.round`.
 *
 * `sum` computes Smirnov's sum, the asymptotic method's cost at large sizes: pass a kernel's `smirnovSum`.
 * Throws RangeError unless n1 and n2 are integers >= 1 and the statistic is a finite number in [0, 1].
 */
export function ksPValue(
  statistic: number,
  n1: number,
  n2: number,
  sum: SmirnovSum = smirnovSum,
): { pvalue: number; method: KsMethod } {
  assertSampleSize('n1', n1);
  assertSampleSize('n2', n2);
  if (!Number.isFinite(statistic) || statistic < 0 || statistic > 1) {
    throw new RangeError(`ksPValue: statistic must be a finite number in [0, 1], got ${statistic}`);
  }
  let d = statistic;
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const lcm = (n1 / greatestCommonDivisor(n1, n2)) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { pvalue: 1, method: 'exact' };
    const p = n1 === n2 ? ksExactSfEqualSizes(n1, h) : ksExactSfUnequalSizes(n1, n2, h);
    if (p >= 0 && p <= 1) return { pvalue: p, method: 'exact' };
  }
  const effectiveN = roundHalfEven((n1 * n2) / (n1 + n2));
  return { pvalue: kolmogorovSf(d, effectiveN, sum), method: 'asymp' };
}
