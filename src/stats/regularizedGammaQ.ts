import { gammaDensityFactor } from './gammaDensityFactor.js';

const MAX_ITERATIONS = 100000;
const TINY = 1e-300;

/**
 * Regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a) for a > 0.
 *
 * For x < a + 1 the power series of P(a, x) = x^a e^-x / Gamma(a+1) * sum x^k / ((a+1)...(a+k))
 * converges fast and Q = 1 - P is well conditioned (Q is not small there); otherwise Legendre's
 * continued fraction for Q is evaluated with the modified Lentz algorithm (Numerical Recipes 6.2).
 * Both run until the relative change is below machine epsilon.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const factor = gammaDensityFactor(a, x);
  if (x < a + 1) {
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= MAX_ITERATIONS; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * Number.EPSILON) return 1 - (factor / a) * sum;
    }
  } else {
    let b = x + 1 - a;
    let c = 1 / TINY;
    let d = 1 / b;
    let fraction = d;
    for (let k = 1; k <= MAX_ITERATIONS; k++) {
      const an = -k * (k - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) d = TINY;
      c = b + an / c;
      if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      const delta = d * c;
      fraction *= delta;
      if (Math.abs(delta - 1) < Number.EPSILON) return factor * fraction;
    }
  }
  throw new RangeError(`regularizedGammaQ: no convergence for a = ${a}, x = ${x}`);
}
