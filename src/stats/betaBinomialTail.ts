/**
 * P(T ≥ k) for T ~ beta-binomial(m, a, b) with whole a ≥ 1 and b ≥ 0 (b = 0: every value is in those gaps): when n reference values and m new values are
 * exchangeable (drawn alike), how many of the new ones fall into a of the n + 1 gaps between the sorted
 * reference values is beta-binomial(m, a, n + 1 − a). SciPy: `scipy.stats.betabinom(m, a, b).sf(k - 1)`.
 *
 * The probabilities come from P(T = 0) = ∏ (b + i) / (m + b + i), i < a, and the ratio
 * P(T = j + 1) / P(T = j) = (m − j)(j + a) / ((j + 1)(m − j − 1 + b)), in logarithms until the sum starts,
 * so that neither under- nor overflows: above the mean the tail's own terms fall from P(T = k); at or below
 * it, 1 − P(T < k) sums terms that fall going down from P(T = k − 1).
 */
export function betaBinomialTail(k: number, m: number, a: number, b: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  if (b < 1) return 1;
  const ratio = (j: number) => ((m - j) * (j + a)) / ((j + 1) * (m - j - 1 + b));
  const upper = k > (m * a) / (a + b);
  const start = upper ? k : k - 1;
  let logStart = 0;
  for (let i = 0; i < a; i++) logStart += Math.log1p(-m / (m + b + i));
  for (let j = 0; j < start; j++) logStart += Math.log(ratio(j));
  let term = 1;
  let sum = 1;
  if (upper) {
    for (let j = start; j < m && term >= sum * Number.EPSILON * 0.01; j++) {
      term *= ratio(j);
      sum += term;
    }
    return Math.min(1, Math.exp(logStart) * sum);
  }
  for (let j = start - 1; j >= 0; j--) {
    term /= ratio(j);
    sum += term;
  }
  return Math.max(0, 1 - Math.exp(logStart) * sum);
}
