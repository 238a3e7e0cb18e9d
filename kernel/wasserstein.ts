// Wasserstein-1 distance between two sorted samples: the area between their empirical CDFs, summed
// over the gaps between consecutive distinct values of the merged samples.
export function wasserstein(a: usize, n: i32, b: usize, m: i32): f64 {
  let i = 0;
  let j = 0;
  let area: f64 = 0;
  let x = min(load<f64>(a), load<f64>(b));
  while (i < n || j < m) {
    while (i < n && load<f64>(a + ((<usize>i) << 3)) <= x) i++;
    while (j < m && load<f64>(b + ((<usize>j) << 3)) <= x) j++;
    if (i == n && j == m) break;
    const next =
      i == n
        ? load<f64>(b + ((<usize>j) << 3))
        : j == m
          ? load<f64>(a + ((<usize>i) << 3))
          : min(load<f64>(a + ((<usize>i) << 3)), load<f64>(b + ((<usize>j) << 3)));
    area += abs(<f64>i / <f64>n - <f64>j / <f64>m) * (next - x);
    x = next;
  }
  return area;
}
