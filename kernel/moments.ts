// Mean and sample variance by two passes: the second pass sums deviations from the first pass's mean, which
// avoids the cancellation of the sum-of-squares formula, and gives the mean its residual back. Near
// ±1.8e308 a sum, a deviation or a square can overflow although the result is finite: then the values are
// divided by a power of two (exact) so that none exceeds 2, and the result is scaled back. Where nothing
// overflows the scale is 1 and the result is bit for bit the plain one. Same as src/kernel/reference/moments.ts.

@inline
function at(values: usize, i: i32): f64 {
  return load<f64>(values + ((<usize>i) << 3));
}

export function mean(values: usize, n: i32): f64 {
  const plain = scaledMean(values, n, 1);
  return isFinite<f64>(plain) ? plain : scaledMean(values, n, scaleOf(values, n, 0));
}

export function variance(values: usize, n: i32, center: f64): f64 {
  const plain = scaledVariance(values, n, center, 1);
  return isFinite<f64>(plain) ? plain : scaledVariance(values, n, center, scaleOf(values, n, center));
}

function scaledMean(values: usize, n: i32, scale: f64): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += at(values, i) / scale;
  const rough = sum / <f64>n;
  let residual: f64 = 0;
  for (let i = 0; i < n; i++) residual += at(values, i) / scale - rough;
  return (rough + residual / <f64>n) * scale;
}

function scaledVariance(values: usize, n: i32, center: f64, scale: f64): f64 {
  let squares: f64 = 0;
  let deviations: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = at(values, i) / scale - center / scale;
    squares += d * d;
    deviations += d;
  }
  // Scaled back in two steps: the square of the scale alone may overflow where the result does not.
  return (((squares - (deviations * deviations) / <f64>n) / <f64>(n - 1)) * scale) * scale;
}

/** The power of two at or above half the largest magnitude: below 2^1024, and every value over it within ±2. */
function scaleOf(values: usize, n: i32, also: f64): f64 {
  let largest = abs<f64>(also);
  for (let i = 0; i < n; i++) largest = max<f64>(largest, abs<f64>(at(values, i)));
  let scale: f64 = 1;
  while (scale < largest / 2) scale *= 2;
  return scale;
}
