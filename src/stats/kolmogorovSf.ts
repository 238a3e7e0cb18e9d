import { clipProbability } from './clipProbability.js';
import { kolmogorovCdfDurbin } from './kolmogorovCdfDurbin.js';
import { kolmogorovCdfPelzGood } from './kolmogorovCdfPelzGood.js';
import { kolmogorovCdfPomeranz } from './kolmogorovCdfPomeranz.js';
import { smirnovSf } from './smirnovSf.js';
import { type SmirnovSum, smirnovSum } from './smirnovSum.js';

/**
 * P(D_n >= d) for the two-sided one-sample Kolmogorov-Smirnov statistic D_n, i.e.
 * `scipy.stats.kstwo.sf(d, n)` (SciPy 1.17), choosing the method per region as Simard & L'Ecuyer
 * (2011) recommend and SciPy implements (t = n*d):
 *
 * - t <= 1 or t >= n - 1: closed forms of Ruben & Gambino (1982);
 * - d >= 1/2: D+ >= d and D- >= d are disjoint, so P = 2 * P(D+ >= d) exactly (Smirnov);
 * - n <= 140: Durbin matrix (n d^2 <= 0.754693), Pomeranz recursion (<= 4), else 2 * Smirnov;
 * - n > 140: 0 (n d^2 >= 370), 2 * Smirnov (>= 2.2), else 1 - CDF with the Durbin matrix when
 *   n <= 100000 and n d^(3/2) <= 1.4, otherwise with the Pelz-Good asymptotic series (SciPy's
 *   n d^2 >= 18 shortcut in between only exists on its CDF path).
 *
 * NaN `d` gives NaN like SciPy; `n` must be a positive integer. `sum` computes Smirnov's sum (see smirnovSf).
 */
export function kolmogorovSf(d: number, n: number, sum: SmirnovSum = smirnovSum): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`kolmogorovSf: n must be an integer >= 1, got ${n}`);
  }
  if (Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  const t = n * d;
  if (t <= 0.5) return 1;
  if (t <= 1) {
    // Ruben-Gambino: P(D_n <= d) = n!/n^n (2t - 1)^n. For n > 140, n!/n^n < 1e-59, so the SF rounds
    // to exactly 1 (SciPy evaluates that product through Stirling's series, with the same outcome).
    if (n > 140) return 1;
    let cdf = 1;
    for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    return 1 - cdf;
  }
  if (t >= n - 1) return 2 * (1 - d) ** n;
  if (d >= 0.5) return 2 * smirnovSf(n, d, sum);
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clipProbability(1 - kolmogorovCdfDurbin(n, d));
    if (nd2 <= 4) return clipProbability(1 - kolmogorovCdfPomeranz(n, d));
    return 2 * smirnovSf(n, d, sum);
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return 2 * smirnovSf(n, d, sum);
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, d) : kolmogorovCdfPelzGood(n, d);
  return clipProbability(1 - cdf);
}
