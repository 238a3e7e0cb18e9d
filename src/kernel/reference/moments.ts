export function mean(values: Float64Array): number {
  const n = values.length;
  let sum = 0;
  for (const x of values) sum += x;
  const rough = sum / n;
  let residual = 0;
  for (const x of values) residual += x - rough;
  return rough + residual / n;
}

export function variance(values: Float64Array, center: number): number {
  const n = values.length;
  let squares = 0;
  let deviations = 0;
  for (const x of values) {
    const d = x - center;
    squares += d * d;
    deviations += d;
  }
  return (squares - (deviations * deviations) / n) / (n - 1);
}
