// Mean and sample variance in exact integer arithmetic (BigInt), rounded to a double once at the end: the
// yardstick for the kernel's floating-point moments where sums overflow.

/** A double as an exact integer count of 2^-1074, the smallest subnormal. */
function units(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // A normal double is (2^52 + fraction) · 2^(exponent - 1075); a subnormal fraction · 2^-1074.
  const magnitude = exponent === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(exponent - 1);
  return bits >> 63n ? -magnitude : magnitude;
}

/** q · 2^exponent as the nearest double, give or take the last bit; Infinity beyond the largest. */
function toDouble(q: bigint, exponent: number): number {
  const negative = q < 0n;
  let magnitude = negative ? -q : q;
  const extra = Math.max(0, magnitude.toString(2).length - 64);
  magnitude >>= BigInt(extra);
  const shift = exponent + extra;
  const value = Number(magnitude) * 2 ** Math.ceil(shift / 2) * 2 ** Math.floor(shift / 2);
  return negative ? -value : value;
}

// Extra bits kept by the divisions.
const GUARD = 128n;

export function exactMean(values: readonly number[]): number {
  const sum = values.reduce((total, x) => total + units(x), 0n);
  return toDouble((sum << GUARD) / BigInt(values.length), -1074 - Number(GUARD));
}

/** Σ(x - mean)² / (n - 1) = (n·Σx² - (Σx)²) / (n·(n - 1)). */
export function exactVariance(values: readonly number[]): number {
  const n = BigInt(values.length);
  const k = values.map(units);
  const sum = k.reduce((total, x) => total + x, 0n);
  const squares = k.reduce((total, x) => total + x * x, 0n);
  return toDouble(((n * squares - sum * sum) << GUARD) / (n * (n - 1n)), -2148 - Number(GUARD));
}
