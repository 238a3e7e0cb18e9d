import type { BatteryResult } from '../compare/result.js';
import { chiSquareHomogeneity } from '../stats/chiSquareHomogeneity.js';
import { chiSquareSf } from '../stats/chiSquareSf.js';
import { kolmogorovSf } from '../stats/kolmogorovSf.js';
import { roundHalfEven } from '../stats/roundHalfEven.js';
import { TooFewCategoriesError } from '../stats/tooFewCategoriesError.js';

/**
 * The comparison's own p-value with its statistics deflated by the reference's dispersion `a`: the
 * chi-square of its binned counts (the missing bin included) read as X / a on its degrees of freedom;
 * numeric columns also the KS test with D·sqrt(n·m / ((n + m)·a)) (the exact p-value when a = 1, else the
 * asymptotic one SciPy's `asymp` method gives, at D / sqrt(a)) and Mood's scale test with z² / a read on
 * χ²(1) (SciPy's p-value when a = 1), the smallest of the three tripled (Bonferroni). Null when the
 * comparison has no test (no rows to compare).
 */
export function gatePValue(result: BatteryResult, a: number): number | null {
  if (result.psi === null) return null;
  const chi = chiSquareOrNull(result.bins.reference, result.bins.current);
  const pChi = chi === null ? 1 : chiSquareSf(chi.statistic / a, chi.dof);
  if (result.kind === 'categorical' || result.ks === null) return pChi;
  const { statistic, pvalue } = result.ks;
  const [n, m] = [result.reference.count, result.current.count];
  const pKs =
    a === 1 ? pvalue : kolmogorovSf(statistic / Math.sqrt(a), Math.max(1, roundHalfEven((n * m) / (n + m))));
  const pMood = result.mood === null ? 1 : chiSquareSf(result.mood.statistic ** 2 / a, 1);
  return Math.min(1, 3 * Math.min(pKs, pChi, pMood));
}

function chiSquareOrNull(reference: readonly number[], current: readonly number[]) {
  try {
    return chiSquareHomogeneity(reference, current);
  } catch (error) {
    if (error instanceof TooFewCategoriesError) return null;
    throw error;
  }
}
