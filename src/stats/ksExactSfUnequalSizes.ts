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
 * 1 - p cancellation for tiny p-values). The arithmetic is the same as SciPy 1.17's, so results are
 * bit-identical.
 *
 * One Float64Array column is updated in place on the band only: the band moves monotonically
 * upward, so entries above it are still the initial 1s and entries below it are never read again.
 * Each cell waits on the division of the cell below it, so two columns are advanced together: the
 * second chain trails the first by one cell and the CPU overlaps them, halving the run time at
 * n1 ~ n2 ~ 10^4 (10^8 cells).
 */
export function ksExactSfUnequalSizes(n1: number, n2: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const g = greatestCommonDivisor(m, n);
  const mg = m / g;
  const ng = n / g;
  const low = (i: number): number => Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
  const high = (i: number): number => Math.min(Math.ceil((ng * i + h) / mg), n + 1);

  const exited = new Float64Array(n + 1).fill(1);
  exited.fill(0, 0, high(0));
  let i = 1;
  for (; i < m; i += 2) {
    const i2 = i + 1;
    const lo1 = low(i);
    const hi1 = high(i);
    const lo2 = low(i2);
    const hi2 = high(i2);
    if (hi1 <= lo1 || hi2 <= lo2) return 1;
    let below1 = lo1 === 0 ? 0 : 1;
    let below2 = lo2 === 0 ? 0 : 1;
    for (let j = lo1; j < Math.min(lo2, hi1); j++) {
      below1 = ((exited[j] as number) * i + below1 * j) / (i + j);
    }
    for (let j = lo2; j < hi1; j++) {
      below1 = ((exited[j] as number) * i + below1 * j) / (i + j);
      below2 = (below1 * i2 + below2 * j) / (i2 + j);
      exited[j] = below2;
    }
    for (let j = Math.max(lo2, hi1); j < hi2; j++) {
      below2 = (i2 + below2 * j) / (i2 + j);
      exited[j] = below2;
    }
  }
  if (i === m) {
    const lo = low(i);
    const hi = high(i);
    if (hi <= lo) return 1;
    let below = lo === 0 ? 0 : 1;
    for (let j = lo; j < hi; j++) {
      below = ((exited[j] as number) * i + below * j) / (i + j);
      exited[j] = below;
    }
  }
  return exited[n] as number;
}
