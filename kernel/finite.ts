// Moves the finite values to the front, keeping their order; returns how many there are.
export function compactFinite(values: usize, n: i32): i32 {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + ((<usize>i) << 3));
    if (isFinite(x)) {
      store<f64>(values + ((<usize>kept) << 3), x);
      kept++;
    }
  }
  return kept;
}
