import { regularizedGammaQ } from './regularizedGammaQ.js';

/**
 * Survival function of the chi-square distribution, P(X >= x) for X ~ chi2(dof), i.e.
 * `scipy.stats.chi2.sf(x, dof)` = Q(dof/2, x/2). x <= 0 gives 1 and NaN gives NaN like SciPy;
 * dof must be a positive finite number.
 */
export function chiSquareSf(x: number, dof: number): number {
  if (!(Number.isFinite(dof) && dof > 0)) {
    throw new RangeError(`chiSquareSf: dof must be a finite number > 0, got ${dof}`);
  }
  return regularizedGammaQ(dof / 2, x / 2);
}
