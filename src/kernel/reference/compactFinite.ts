export function compactFinite(values: Float64Array): number {
  let kept = 0;
  for (const x of values) {
    if (Number.isFinite(x)) values[kept++] = x;
  }
  return kept;
}
