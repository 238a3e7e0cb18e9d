// Mood's scale test without ties: Σ (rank − center)² over the values of x, ranks in x and y merged, both
// ascending. The TypeScript twin (src/stats/moodScaleTest.ts, untiedSum) adds the same terms in the same
// order: bit for bit.

// The sum, or NaN when two values of x and y are equal (the caller then walks with the ties' bookkeeping).
export function moodUntiedSum(x: usize, m: i32, y: usize, n: i32, center: f64): f64 {
  let plain: f64 = 0;
  let j = 0;
  // The last value of x and of y passed: a value equal to it is a tie.
  let lastX: f64 = NaN;
  let lastY: f64 = NaN;
  for (let i = 0; i < m; i++) {
    const value = load<f64>(x + ((<usize>i) << 3));
    if (value == lastX) return NaN;
    for (; j < n; j++) {
      const below = load<f64>(y + ((<usize>j) << 3));
      if (!(below < value)) break;
      if (below == lastY) return NaN;
      lastY = below;
    }
    if (j < n && load<f64>(y + ((<usize>j) << 3)) == value) return NaN;
    // A whole number or a half: its square is exact below 2^26 rows, and x ** 2 in JavaScript is x * x.
    const d = <f64>(i + j + 1) - center;
    plain += d * d;
    lastX = value;
  }
  for (; j < n; j++) {
    const above = load<f64>(y + ((<usize>j) << 3));
    if (above == lastY) return NaN;
    lastY = above;
  }
  return plain;
}
