import { gammaDensityFactor } from './gammaDensityFactor.js';

const TINY = 1e-300;

/**
 * Regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a), for
 * 0 < a <= 5e9 (both expansions need O(sqrt(a)) terms near x = a).
 *
 * For x < a + 1 the power series of P(a, x) = x^a e^-x / Gamma(a+1) * sum x^k / ((a+1)...(a+k))
 * converges geometrically and Q = 1 - P is well conditioned there unless a is tiny (Q ~ a E1(x):
 * relative error ~1e-13 for a >= 0.05, ~1e-12 down to a = 5e-4); otherwise Legendre's continued
 * fraction for Q is evaluated with the modified Lentz algorithm (Numerical Recipes 6.2). Both stop
 * once the relative change is below machine epsilon.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const factor = gammaDensityFactor(a, x);
  if (x < a + 1) {
    let term = 1;
    let sum = 1;
    for (let k = 1; term >= sum * Number.EPSILON; k++) {
      term *= x / (a + k);
      sum += term;
    }
    return 1 - (factor / a) * sum;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let k = 1; ; k++) {
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
