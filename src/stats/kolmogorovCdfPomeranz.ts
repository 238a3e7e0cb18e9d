import { ldexp } from './ldexp.js';

const RESCALE_BITS = 128;
const RESCALE_ABOVE = 2 ** RESCALE_BITS;
const RESCALE_BELOW = 2 ** -RESCALE_BITS;

/** Taylor weights (step/n)^r / r! for r = 0 .. length - 1 (unnormalised Poisson probabilities). */
function poissonWeights(step: number, n: number, length: number): Float64Array {
  const w = new Float64Array(length);
  w[0] = 1;
  for (let r = 1; r < length; r++) w[r] = ((w[r - 1] as number) * (step / n)) / r;
  return w;
}

/**
 * P(D_n < d) by the Pomeranz (1974) recursion as organised by Simard & L'Ecuyer (2011, sec. 2.1).
 *
 * With t = n*d = l + f (l integer, 0 <= f < 1) and g = min(f, 1 - f), the points where the band
 * |N(s) - s| < t on the scaled uniform counting process changes are A_1 = 0, then alternately
 * (q - 1) + g and q - g for q = 1..n, then A_{2n+2} = n. Row i of V holds the (unnormalised)
 * probabilities of the count at A_i; passing to the next point convolves with Poisson weights of
 * the step length (g at both ends, otherwise alternately 1 - 2g and 2g), restricted to the admissible
 * counts. P = n! * V[last][n]. Rows are rescaled by powers of two against underflow.
 */
export function kolmogorovCdfPomeranz(n: number, d: number): number {
  const t = n * d;
  const l = Math.floor(t);
  const f = t - l;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const width = 2 * (l + 1);
  const endWeights = poissonWeights(g, n, width);
  const oddWeights = poissonWeights(2 * g, n, width);
  const evenWeights = poissonWeights(1 - 2 * g, n, width);

  // Admissible counts [lo, hi] at row i (i = 0 .. 2n+1), from floor(A - t) + 1 <= j <= ceil(A + t) - 1.
  const bounds = (i: number): [number, number] => {
    const q = Math.floor((i + 1) / 2);
    let lo: number;
    let hi: number;
    if (i === 0) {
      lo = 0;
      hi = l + ceilF - 1;
    } else if (i === 2 * n + 1) {
      lo = n - l - ceilF + 1;
      hi = n;
    } else if (i % 2 === 1) {
      lo = q - l - roundF;
      hi = q + l + ceilF - 2;
    } else {
      lo = q - l;
      hi = q + l + roundF - 1;
    }
    return [Math.max(lo, 0), Math.min(hi, n)];
  };

  let previous = new Float64Array(width);
  let current = new Float64Array(width);
  previous[0] = 1;
  let [previousLo, previousHi] = bounds(0);
  let bits = 0;
  for (let i = 1; i <= 2 * n + 1; i++) {
    const weights = i === 1 || i === 2 * n + 1 ? endWeights : i % 2 === 1 ? oddWeights : evenWeights;
    const [lo, hi] = bounds(i);
    current.fill(0);
    let largest = 0;
    for (let j = lo; j <= hi; j++) {
      let sum = 0;
      for (let k = previousLo; k <= Math.min(j, previousHi); k++) {
        sum += (previous[k - previousLo] as number) * (weights[j - k] as number);
      }
      current[j - lo] = sum;
      largest = Math.max(largest, sum);
    }
    if (largest > 0 && largest < RESCALE_BELOW) {
      for (let j = 0; j <= hi - lo; j++) current[j] = (current[j] as number) * RESCALE_ABOVE;
      bits -= RESCALE_BITS;
    }
    [previous, current] = [current, previous];
    previousLo = lo;
    previousHi = hi;
  }

  let p = previous[n - previousLo] as number;
  for (let m = 1; m <= n; m++) {
    if (p > RESCALE_ABOVE) {
      p *= RESCALE_BELOW;
      bits += RESCALE_BITS;
    }
    p *= m;
  }
  return ldexp(p, bits);
}
