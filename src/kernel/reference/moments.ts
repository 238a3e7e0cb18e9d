// Mean and sample variance by two passes: the second pass sums deviations from the first pass's mean, which
// avoids the cancellation of the sum-of-squares formula, and gives the mean its residual back. Near
// ±1.8e308 a sum, a deviation or a square can overflow although the result is finite: then the values are
// divided by a power of two (exact) so that none exceeds 2, and the result is scaled back. Where nothing
// overflows the scale is 1 and the result is bit for bit the plain one.

export function mean(values: Float64Array): number {
  const plain = scaledMean(values, 1);
  return Number.isFinite(plain) ? plain : scaledMean(values, scaleOf(values, 0));
}

export function variance(values: Float64Array, center: number): number {
  const plain = scaledVariance(values, center, 1);
  return Number.isFinite(plain) ? plain : scaledVariance(values, center, scaleOf(values, center));
}

function scaledMean(values: Float64Array, scale: number): number {
  const n = values.length;
  let sum = 0;
  for (const x of values) sum += x / scale;
  const rough = sum / n;
  let residual = 0;
  for (const x of values) residual += x / scale - rough;
  return (rough + residual / n) * scale;
}

function scaledVariance(values: Float64Array, center: number, scale: number): number {
  const n = values.length;
  let squares = 0;
  let deviations = 0;
  for (const x of values) {
    const d = x / scale - center / scale;
    squares += d * d;
    deviations += d;
  }
  // Scaled back in two steps: the square of the scale alone may overflow where the result does not.
  return ((squares - (deviations * deviations) / n) / (n - 1)) * scale * scale;
}

/** The power of two at or above half the largest magnitude: below 2^1024, and every value over it within ±2. */
function scaleOf(values: Float64Array, also: number): number {
  let largest = Math.abs(also);
  for (const x of values) largest = Math.max(largest, Math.abs(x));
  let scale = 1;
  while (scale < largest / 2) scale *= 2;
  return scale;
}
