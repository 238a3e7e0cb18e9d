export function wasserstein(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let area = 0;
  let x = Math.min(a[0] as number, b[0] as number);
  while (i < n || j < m) {
    while (i < n && (a[i] as number) <= x) i++;
    while (j < m && (b[j] as number) <= x) j++;
    if (i === n && j === m) break;
    const next =
      i === n ? (b[j] as number) : j === m ? (a[i] as number) : Math.min(a[i] as number, b[j] as number);
    area += Math.abs(i / n - j / m) * (next - x);
    x = next;
  }
  return area;
}
