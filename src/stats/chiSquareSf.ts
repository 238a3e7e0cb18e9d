import { regularizedGammaQ } from './regularizedGammaQ.js';

/** Beyond this the series and continued fraction get slow (O(sqrt(dof)) terms). */
const MAX_DOF = 1e10;

/**
 * Survival function of the chi-square distribution, P(X >= x) for X ~ chi2(dof), i.e.
 * `scipy.stats.chi2.sf(x, dof)` = Q(dof/2, x/2). x <= 0 gives 1 and NaN gives NaN like SciPy;
 * dof must be in (0, 1e10].
 */
export function chiSquareSf(x: number, dof: number): number {
  if (!(dof > 0 && dof <= MAX_DOF)) {
    throw new RangeError(`chiSquareSf: dof must be a number in (0, 1e10], got ${dof}`);
  }
  return regularizedGammaQ(dof / 2, x / 2);
}
