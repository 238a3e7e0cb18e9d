import { binomialPmf } from './binomialPmf.js';

/** The generic sum of `smirnovSf`, given to it: the kernels compute it (this file is the TypeScript twin). */
export type SmirnovSum = (n: number, x: number) => number;

/**
 * The generic case of `smirnovSf` (1/n < x < 1 - 1/n, e^(-2 n x^2) not negligible), before its final
 * min(sum, 1):
 *
 *   (1-x)^n + sum_{v>=1} nx / (nx + v) * Binomial(n, x + v/n){v}
 *
 * over v < n - nx, i.e. v <= n - floor(nx) - 1 (then n - v - nx > 0 holds exactly), all terms positive.
 * Each binomial term comes from Loader's saddle-point form (SciPy uses double-double arithmetic for the
 * same purpose) and, as in SciPy, the sum stops once the remaining terms, if no larger than the current
 * one, would change it by less than a quarter ulp.
 */
export function smirnovSum(n: number, x: number): number {
  const nx = n * x;
  const lastV = n - Math.floor(nx) - 1;
  let sum = Math.exp(n * Math.log1p(-x));
  for (let v = 1; v <= lastV; v++) {
    const term = (binomialPmf(v, n, nx + v, n - v - nx) * nx) / (nx + v);
    sum += term;
    if (term !== 0) {
      if (4 * (lastV - v + 1) * term < Number.EPSILON * sum) break;
    } else if (v > n / 2) {
      break;
    }
  }
  return sum;
}
