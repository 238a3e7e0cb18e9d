import { chiSquareSf } from './chiSquareSf.js';

/** P(Z >= z) for a standard normal Z: the square of Z is chi-square with one degree of freedom. */
export function normalSf(z: number): number {
  const tail = chiSquareSf(z * z, 1) / 2;
  return z >= 0 ? tail : 1 - tail;
}
