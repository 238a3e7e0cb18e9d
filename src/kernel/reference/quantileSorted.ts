export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  if (below >= n - 1) return lower;
  const upper = sorted[below + 1] as number;
  const t = position - below;
  const span = upper - lower;
  // numpy's lerp: interpolating from the nearer end keeps the result exact at t = 1.
  return t >= 0.5 ? upper - span * (1 - t) : lower + span * t;
}
