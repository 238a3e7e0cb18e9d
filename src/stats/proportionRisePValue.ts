import { normalSf } from './normalSf.js';

/**
 * One-sided p-value that the second proportion (k2 of n2) is higher than the first (k1 of n1): the pooled
 * two-proportion z-test. Null when a sample is empty or the pooled proportion is 0 or 1 (no variance: both
 * samples are all one way, and nothing rose).
 */
export function proportionRisePValue(k1: number, n1: number, k2: number, n2: number): number | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (k1 + k2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return null;
  const z = (k2 / n2 - k1 / n1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return normalSf(z);
}
