/**
 * `x * 2^exponent` without the intermediate overflow or underflow of `2 ** exponent` (the
 * recursions below carry exponents far outside the double range while `x` itself is moderate).
 */
export function ldexp(x: number, exponent: number): number {
  let value = x;
  let e = exponent;
  while (e > 1000) {
    value *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    value *= 2 ** -1000;
    e += 1000;
  }
  return value * 2 ** e;
}
