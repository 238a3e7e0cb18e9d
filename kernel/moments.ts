// Mean and sample variance by two passes: the second pass sums squared deviations from the mean, which
// avoids the cancellation of the sum-of-squares formula. The mean gets the first pass's residual back.
export function mean(values: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += load<f64>(values + ((<usize>i) << 3));
  const rough = sum / <f64>n;
  let residual: f64 = 0;
  for (let i = 0; i < n; i++) residual += load<f64>(values + ((<usize>i) << 3)) - rough;
  return rough + residual / <f64>n;
}

export function variance(values: usize, n: i32, center: f64): f64 {
  let squares: f64 = 0;
  let deviations: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = load<f64>(values + ((<usize>i) << 3)) - center;
    squares += d * d;
    deviations += d;
  }
  return (squares - (deviations * deviations) / <f64>n) / <f64>(n - 1);
}
