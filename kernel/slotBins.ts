// Counts unsorted rows into (slot, bin) cells: the common bins of each hour of a reference, for its cycle's
// choice and the gate. Row i goes to slot slots[i] (none when negative) and to bin "edges at or below its
// value" of the k + 1 bins, or bin k + 1 when it is not finite: cell slot * (k + 2) + bin of `counts`.
export function slotBinCounts(values: usize, slots: usize, n: i32, edges: usize, k: i32, counts: usize): void {
  const width = k + 2;
  for (let i = 0; i < n; i++) {
    const slot = <i32>load<f64>(slots + ((<usize>i) << 3));
    if (slot < 0) continue;
    const value = load<f64>(values + ((<usize>i) << 3));
    const bin = isFinite(value) ? edgesAtOrBelow(edges, k, value) : k + 1;
    const cell = counts + ((<usize>(slot * width + bin)) << 3);
    store<f64>(cell, load<f64>(cell) + 1);
  }
}

@inline
function edgesAtOrBelow(edges: usize, k: i32, value: f64): i32 {
  let low = 0;
  let high = k;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (load<f64>(edges + ((<usize>middle) << 3)) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
