/**
 * Rounds to the nearest integer with ties to even, as NumPy's `np.round` does (`Math.round` sends
 * ties up). SciPy rounds both the lattice height `h` and the effective Kolmogorov `n` this way.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
