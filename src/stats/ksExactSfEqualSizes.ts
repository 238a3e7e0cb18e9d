/**
 * Exact P(D_{n,n} >= h/n) for the two-sided two-sample Kolmogorov-Smirnov statistic with equal
 * sample sizes (Hodges 1958, reflection formula):
 *
 *   P = 2 * sum_{k>=1} (-1)^(k-1) * C(2n, n - k*h) / C(2n, n).
 *
 * With a_k = C(2n, n-(k+1)h) / C(2n, n-k*h) = prod_{j<h} (n-k*h-j) / (n+k*h+j+1) the sum nests as
 * 2 * a_0 * (1 - a_1 * (1 - a_2 * (1 - ...))), which is evaluated innermost first: no binomial is
 * ever formed (no overflow) and the alternating series does not cancel.
 *
 * The operations are done in the same order as SciPy 1.17 so that the result is bit-identical:
 * for small h the true value is 1 and rounding can push it just above 1, which SciPy treats as a
 * failed exact computation (see `ksPValue`).
 */
export function ksExactSfEqualSizes(n: number, h: number): number {
  let nested = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) {
      ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    }
    nested = ratio * (1 - nested);
  }
  return 2 * nested;
}
