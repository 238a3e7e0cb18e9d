import { ldexp } from './ldexp.js';

const RESCALE_BITS = 128;
const RESCALE_ABOVE = 2 ** RESCALE_BITS;
const RESCALE_BELOW = 2 ** -RESCALE_BITS;

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) {
        c[i * m + j] = (c[i * m + j] as number) + aik * (b[k * m + j] as number);
      }
    }
  }
  return c;
}

/** Divides `a` in place by powers of 2 until its largest entry is at most 2^128; returns the bits removed. */
function rescale(a: Float64Array): number {
  let largest = 0;
  for (const v of a) largest = Math.max(largest, Math.abs(v));
  let bits = 0;
  while (largest > RESCALE_ABOVE) {
    largest *= RESCALE_BELOW;
    bits += RESCALE_BITS;
  }
  if (bits > 0) {
    const factor = 2 ** -bits;
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * factor;
  }
  return bits;
}

/**
 * P(D_n < d) by Durbin's (1968) matrix formula in the form of Marsaglia, Tsang & Wang (2003):
 * with n*d = k - h (k integer, 0 <= h < 1) and m = 2k - 1, P = n!/n^n * (H^n)[k, k] for the m x m
 * matrix H[i][j] = 1/(i-j+1)! (0 when i - j + 1 < 0) whose first column and last row are corrected
 * for the fractional part h. Requires n*d > 1/2.
 *
 * H^n is formed by repeated squaring. Entries grow like e^n, so both the running power and the
 * running product are rescaled by powers of two (exact) and the removed exponent is tracked; SciPy
 * 1.17 only rescales the squares and its running product overflows for some n with many one bits
 * (e.g. kstwo.sf(36/131070, 65535) returns 0 where the answer is 1).
 */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  const k = Math.ceil(n * d);
  const h = k - n * d;
  const m = 2 * k - 1;
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = (inverseFactorial[j - 1] as number) / j;

  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j++) H[i * m + j] = inverseFactorial[i - j + 1] as number;
  }
  for (let i = 0; i < m; i++) {
    H[i * m] = (1 - h ** (i + 1)) * (inverseFactorial[i + 1] as number);
    H[(m - 1) * m + i] = (1 - h ** (m - i)) * (inverseFactorial[m - i] as number);
  }
  H[(m - 1) * m] = (1 - 2 * h ** m + Math.max(2 * h - 1, 0) ** m) * (inverseFactorial[m] as number);

  let power: Float64Array = H;
  let powerBits = 0;
  let product: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) product[i * m + i] = 1;
  let productBits = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      product = multiply(product, power, m);
      productBits += powerBits + rescale(product);
    }
    if (e > 1) {
      power = multiply(power, power, m);
      powerBits = 2 * powerBits + rescale(power);
    }
  }

  let p = product[(k - 1) * m + k - 1] as number;
  let bits = productBits;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (p !== 0 && Math.abs(p) < RESCALE_BELOW) {
      p *= RESCALE_ABOVE;
      bits -= RESCALE_BITS;
    }
  }
  return ldexp(p, bits);
}
