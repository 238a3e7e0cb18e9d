import { chiSquareSf } from './chiSquareSf.js';

/**
 * Survival function of the standard normal distribution, P(Z >= z) = `scipy.stats.norm.sf(z)`: Z² is
 * chi-square on one degree of freedom, so the upper tail is half of its survival function (accurate far
 * into the tail, where 1 − Φ(z) would cancel to 0).
 */
export function normalSf(z: number): number {
  const tail = chiSquareSf(z * z, 1) / 2;
  return z >= 0 ? tail : 1 - tail;
}
