import { greatestCommonDivisor } from './greatestCommonDivisor.js';

/**
 * Exact P(D_{n1,n2} >= h / lcm(n1, n2)) for the two-sided two-sample Kolmogorov-Smirnov statistic.
 *
 * Hodges (1958) counts monotone lattice paths from (0, 0) to (m, n) that stay strictly inside the
 * band |i/m - j/n| < h/lcm, i.e. |i*n/g - j*m/g| < h. Counting overflows quickly, so this follows
 * Viehmann (2021, arXiv:2102.08037) and propagates instead the probability that a uniformly random
 * path to (i, j) has already left the band:
 *
 *   E(i, j) = (i * E(i-1, j) + j * E(i, j-1)) / (i + j),   E = 1 outside the band,
 *
 * a convex combination, so every value stays in [0, 1] and E(m, n) is the p-value itself (no
 * 1 - p cancellation for tiny p-values). One Float64Array column is updated in place on the band
 * only: the band moves monotonically upward, so entries above it are still the initial 1s and
 * entries below it are never read again.
 */
export function ksExactSfUnequalSizes(n1: number, n2: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const g = greatestCommonDivisor(m, n);
  const mg = m / g;
  const ng = n / g;
  const exited = new Float64Array(n + 1).fill(1);
  exited.fill(0, 0, Math.min(Math.ceil(h / mg), n + 1));
  for (let i = 1; i <= m; i++) {
    const lo = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    const hi = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (hi <= lo) return 1;
    let below = lo === 0 ? 0 : 1;
    for (let j = lo; j < hi; j++) {
      below = ((exited[j] as number) * i + below * j) / (i + j);
      exited[j] = below;
    }
  }
  return exited[n] as number;
}
