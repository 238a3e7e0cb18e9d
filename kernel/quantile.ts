// Type-7 quantile (numpy's default "linear", DuckDB's quantile_cont) of a sorted sample, interpolated
// the way numpy does so that edges equal numpy's to the last bit.
export function quantileSorted(sorted: usize, n: i32, p: f64): f64 {
  const position = <f64>(n - 1) * p;
  const below = <i32>Math.floor(position);
  const lower = load<f64>(sorted + ((<usize>below) << 3));
  if (below >= n - 1) return lower;
  const upper = load<f64>(sorted + ((<usize>(below + 1)) << 3));
  const t = position - <f64>below;
  const span = upper - lower;
  return t >= 0.5 ? upper - span * (1 - t) : lower + span * t;
}
