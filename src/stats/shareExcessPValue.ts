import { normalSf } from './normalSf.js';

/**
 * One-sided p-value that k of n is more than the share `expected` would give (0 < expected < 1): the
 * binomial's normal approximation, with a continuity correction so that a count at the expectation is 1/2
 * or more, never a signal.
 */
export function shareExcessPValue(k: number, n: number, expected: number): number {
  const mean = n * expected;
  return normalSf((k - 0.5 - mean) / Math.sqrt(mean * (1 - expected)));
}
