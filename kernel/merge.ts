// Walking two sorted samples in merged order, one value per step, without branches: which sample the
// next value comes from is as unpredictable as a coin, so a branch would be mispredicted half the time.

// The sample's value at i, or +Infinity once it is exhausted (the clamped load stays inside the array).
@inline
export function head(sample: usize, i: i32, n: i32): f64 {
  return select<f64>(load<f64>(sample + (<usize>min(i, n - 1) << 3)), Infinity, i < n);
}
