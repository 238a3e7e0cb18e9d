// Counts a sorted sample into the bins (-inf, e0), [e0, e1), ..., [ek-1, +inf): `counts` gets k + 1
// slots. A value equal to an edge goes to the bin on its right.
export function countBins(sorted: usize, n: i32, edges: usize, k: i32, counts: usize): void {
  memory.fill(counts, 0, (<usize>(k + 1)) << 3);
  let bin = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(sorted + ((<usize>i) << 3));
    while (bin < k && x >= load<f64>(edges + ((<usize>bin) << 3))) bin++;
    const slot = counts + ((<usize>bin) << 3);
    store<f64>(slot, load<f64>(slot) + 1);
  }
}
