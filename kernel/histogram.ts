// Counts a sorted sample into the bins (-inf, e0), [e0, e1), ..., [ek-1, +inf): `counts` gets k + 1
// slots. A value equal to an edge goes to the bin on its right. The edges ascend, so each bin's count
// is the difference of two binary searches: O(k log n) instead of a pass over the sample.
export function countBins(sorted: usize, n: i32, edges: usize, k: i32, counts: usize): void {
  let below = 0;
  for (let bin = 0; bin < k; bin++) {
    const next = countBelow(sorted, below, n, load<f64>(edges + ((<usize>bin) << 3)));
    store<f64>(counts + ((<usize>bin) << 3), <f64>(next - below));
    below = next;
  }
  store<f64>(counts + ((<usize>k) << 3), <f64>(n - below));
}

// How many of the sorted values are below `edge`, given that the first `from` are.
function countBelow(sorted: usize, from: i32, n: i32, edge: f64): i32 {
  let low = from;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (load<f64>(sorted + ((<usize>middle) << 3)) < edge) low = middle + 1;
    else high = middle;
  }
  return low;
}
