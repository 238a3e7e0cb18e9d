/** Clamps to [0, 1] (SciPy clips every Kolmogorov-distribution result the same way). */
export function clipProbability(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
