// Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs, walking both
// sorted samples at once and stepping over every copy of a tied value before measuring the gap.
export function ksStatistic(a: usize, n: i32, b: usize, m: i32): f64 {
  let i = 0;
  let j = 0;
  let d: f64 = 0;
  while (i < n && j < m) {
    const x = min(load<f64>(a + ((<usize>i) << 3)), load<f64>(b + ((<usize>j) << 3)));
    while (i < n && load<f64>(a + ((<usize>i) << 3)) <= x) i++;
    while (j < m && load<f64>(b + ((<usize>j) << 3)) <= x) j++;
    const gap = abs(<f64>i / <f64>n - <f64>j / <f64>m);
    if (gap > d) d = gap;
  }
  return d;
}
