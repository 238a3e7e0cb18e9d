/**
 * Deviance term x log(x / mean) + mean - x for x > 0, mean > 0 (Loader 2000, "bd0"). When x is
 * close to mean the direct formula cancels, so it is summed as the series
 * (x - mean) v + 2x (v^3/3 + v^5/5 + ...) with v = (x - mean) / (x + mean).
 */
export function binomialDeviance(x: number, mean: number): number {
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    const v = (x - mean) / (x + mean);
    const v2 = v * v;
    let sum = (x - mean) * v;
    let power = 2 * x * v;
    for (let j = 1; ; j++) {
      power *= v2;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return sum;
      sum = next;
    }
  }
  return x * Math.log(x / mean) + mean - x;
}
