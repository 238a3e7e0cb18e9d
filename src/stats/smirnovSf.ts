import { type SmirnovSum, smirnovSum } from './smirnovSum.js';

/** log(2^-1075): exp of anything below rounds to 0 (the MINLOG of SciPy's Cephes port). */
const MIN_LOG = -1075 * Math.LN2;
/** Above this n SciPy switches from the exact sum to an asymptotic approximation. */
const MAX_EXACT_N = 1000000;

/**
 * P(D+_n >= x) for the one-sided Kolmogorov-Smirnov statistic D+_n = sup (F_n - F), as
 * `scipy.special.smirnov(n, x)` (SciPy 1.17) computes it; n a positive integer.
 *
 * Generic case: the Smirnov (1944) / Birnbaum & Tingey (1951) sum
 *
 *   P = x * sum_{v=0}^{floor(n(1-x))} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 *     = (1-x)^n + sum_{v>=1} nx / (nx + v) * Binomial(n, x + v/n){v},
 *
 * all terms positive, summed by `sum` (see smirnovSum.ts; a kernel's, or the TypeScript twin). Closed
 * forms for x <= 1/n and x >= 1 - 1/n, 0 once e^(-2 n x^2) underflows, and for n > 10^6 SciPy's
 * approximation e^(-(6nx + 1)^2 / (18n)).
 */
export function smirnovSf(n: number, x: number, sum: SmirnovSum = smirnovSum): number {
  if (!(x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  if (nx <= 1) return 1 - x * Math.exp((n - 1) * Math.log1p(x));
  if (-2 * n * x * x < MIN_LOG) return 0;
  const nxFloor = Math.floor(nx);
  if (nxFloor >= n - 1) return Math.exp(n * Math.log1p(-x));
  if (n > MAX_EXACT_N) return Math.exp(-((6 * nx + 1) ** 2) / 18 / n);
  return Math.min(sum(n, x), 1);
}
