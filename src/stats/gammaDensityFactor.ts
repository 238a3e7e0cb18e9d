import { binomialDeviance } from './binomialDeviance.js';
import { stirlingError } from './stirlingError.js';

/**
 * x^a e^(-x) / Gamma(a) for a > 0, x > 0, written (Temme / Loader) as
 * sqrt(a / 2pi) * exp(-bd0(a, x) - S(a)) with bd0(a, x) = a log(a/x) + x - a and S the Stirling
 * error, so that no large logarithms are subtracted: relative error ~1e-15 even in the far tail.
 */
export function gammaDensityFactor(a: number, x: number): number {
  return Math.sqrt(a / (2 * Math.PI)) * Math.exp(-binomialDeviance(a, x) - stirlingError(a));
}
