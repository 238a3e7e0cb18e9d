// Counts unsorted rows into (slot, bin) cells: the common bins of each hour of a reference, for its cycle's
// choice and the gate. Row i goes to slot slots[i] (none when negative) and to bin "edges at or below its
// value" of the k + 1 bins, or bin k + 1 when it is not finite: cell slot * (k + 2) + bin of `counts`.
export function slotBinCounts(values: usize, slots: usize, n: i32, edges: usize, k: i32, counts: usize): void {
  if (k <= LINEAR_EDGES) countLinear(values, slots, n, edges, k, counts);
  else countSearched(values, slots, n, edges, k, counts);
}

/**
 * Up to this many edges a row's bin is found by comparing it with every edge at once (SIMD) and adding the
 * answers: no branch to mispredict (a binary search's turns on random values are coin flips).
 */
const LINEAR_EDGES = 16;

function countLinear(values: usize, slots: usize, n: i32, edges: usize, k: i32, counts: usize): void {
  const width = k + 2;
  // The edges two to a lane pair, padded with +Infinity: a finite value is never at or above a pad (and a
  // non-finite one goes to the last bin whatever it counts), so each row is 8 lane-wise comparisons.
  const e0 = edgePair(edges, k, 0);
  const e1 = edgePair(edges, k, 2);
  const e2 = edgePair(edges, k, 4);
  const e3 = edgePair(edges, k, 6);
  const e4 = edgePair(edges, k, 8);
  const e5 = edgePair(edges, k, 10);
  const e6 = edgePair(edges, k, 12);
  const e7 = edgePair(edges, k, 14);
  for (let i = 0; i < n; i++) {
    const slot = <i32>load<f64>(slots + ((<usize>i) << 3));
    if (slot < 0) continue;
    const value = load<f64>(values + ((<usize>i) << 3));
    const v = f64x2.splat(value);
    // Each lane is -1 where its edge is at or below the value: subtracting the masks counts them.
    let below = i64x2.add(
      i64x2.add(i64x2.add(f64x2.le(e0, v), f64x2.le(e1, v)), i64x2.add(f64x2.le(e2, v), f64x2.le(e3, v))),
      i64x2.add(i64x2.add(f64x2.le(e4, v), f64x2.le(e5, v)), i64x2.add(f64x2.le(e6, v), f64x2.le(e7, v))),
    );
    const count = -<i32>(i64x2.extract_lane(below, 0) + i64x2.extract_lane(below, 1));
    const bin = select<i32>(count, k + 1, isFinite(value));
    const cell = counts + ((<usize>(slot * width + bin)) << 3);
    store<f64>(cell, load<f64>(cell) + 1);
  }
}

/** Edges `at` and `at + 1` in two lanes, +Infinity past the k edges. */
function edgePair(edges: usize, k: i32, at: i32): v128 {
  const low = at < k ? load<f64>(edges + ((<usize>at) << 3)) : Infinity;
  const high = at + 1 < k ? load<f64>(edges + ((<usize>(at + 1)) << 3)) : Infinity;
  return f64x2.replace_lane(f64x2.splat(low), 1, high);
}

function countSearched(values: usize, slots: usize, n: i32, edges: usize, k: i32, counts: usize): void {
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
