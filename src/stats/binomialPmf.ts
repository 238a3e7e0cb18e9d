import { binomialDeviance } from './binomialDeviance.js';
import { stirlingError } from './stirlingError.js';

/**
 * Binomial(n, p) probability of k successes for 0 < k < n, given n*p and n*(1 - p) separately so
 * callers can form both without cancellation. Loader's (2000) saddle-point form
 *
 *   exp(S(n) - S(k) - S(n-k) - bd0(k, np) - bd0(n-k, nq)) * sqrt(n / (2 pi k (n-k)))
 *
 * is accurate to a few ulps even for n in the millions, where exponentiating a sum of log-factorials
 * would lose ~10 digits.
 */
export function binomialPmf(k: number, n: number, np: number, nq: number): number {
  const exponent =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    binomialDeviance(k, np) -
    binomialDeviance(n - k, nq);
  return Math.exp(exponent) * Math.sqrt(n / (2 * Math.PI * k * (n - k)));
}
