/** Terms 1/12, 1/360, 1/1260, 1/1680, 1/1188 of Stirling's series; enough for a >= 16 (next < 1e-16). */
function stirlingSeries(a: number): number {
  const r = 1 / (a * a);
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - r / 1188) * r) * r) * r) / a;
}

/**
 * Error of Stirling's approximation, log Gamma(a + 1) - [(a + 1/2) log a - a + log sqrt(2 pi)], for
 * a > 0 (Loader 2000, "stirlerr"). Kept separate so binomial and gamma densities can be formed
 * without subtracting huge logarithms. Below 16 the argument is shifted up to b = a + N with
 * Gamma(a + 1) = Gamma(b + 1) / prod_{i=1..N} (a + i); the cancellation there is only ~1e-14 absolute.
 */
export function stirlingError(a: number): number {
  if (a >= 16) return stirlingSeries(a);
  const shift = Math.ceil(16 - a);
  const b = a + shift;
  let rising = 1;
  for (let i = 1; i <= shift; i++) rising *= a + i;
  return stirlingSeries(b) + (b + 0.5) * Math.log(b) - (a + 0.5) * Math.log(a) - shift - Math.log(rising);
}
