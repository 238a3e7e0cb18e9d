import { chiSquareSf } from './chiSquareSf.js';
import { TooFewCategoriesError } from './tooFewCategoriesError.js';

/**
 * Pearson chi-square test of homogeneity on the 2 x k table of counts [reference; current], as
 * `scipy.stats.chi2_contingency(table, correction=False)` computes it, after dropping the columns
 * that are empty in both rows (SciPy rejects zero expected counts; an empty category carries no
 * information). dof = k' - 1 for the k' remaining columns.
 *
 * Throws RangeError if the inputs differ in length or hold a negative or non-finite count, and its
 * subclass TooFewCategoriesError if fewer than two categories remain or either row sums to zero: the
 * test is undefined there and the caller decides what that means.
 */
export function chiSquareHomogeneity(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): { statistic: number; pvalue: number; dof: number } {
  if (reference.length !== current.length) {
    throw new RangeError(
      `chiSquareHomogeneity: reference and current must have the same number of categories, got ${reference.length} and ${current.length}`,
    );
  }
  const kept: [number, number][] = [];
  let referenceTotal = 0;
  let currentTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const c = current[i] as number;
    if (!(Number.isFinite(r) && Number.isFinite(c) && r >= 0 && c >= 0)) {
      throw new RangeError(
        `chiSquareHomogeneity: counts must be finite and >= 0, got reference[${i}] = ${r}, current[${i}] = ${c}`,
      );
    }
    if (r === 0 && c === 0) continue;
    kept.push([r, c]);
    referenceTotal += r;
    currentTotal += c;
  }
  if (kept.length < 2) {
    throw new TooFewCategoriesError(
      `chiSquareHomogeneity: need at least 2 categories with a non-zero count, got ${kept.length}`,
    );
  }
  if (referenceTotal === 0 || currentTotal === 0) {
    throw new TooFewCategoriesError(
      `chiSquareHomogeneity: both rows need a positive total, got reference ${referenceTotal} and current ${currentTotal}`,
    );
  }
  const total = referenceTotal + currentTotal;
  let statistic = 0;
  for (const [r, c] of kept) {
    const columnTotal = r + c;
    const expectedReference = (referenceTotal * columnTotal) / total;
    const expectedCurrent = (currentTotal * columnTotal) / total;
    statistic +=
      (r - expectedReference) ** 2 / expectedReference + (c - expectedCurrent) ** 2 / expectedCurrent;
  }
  const dof = kept.length - 1;
  return { statistic, pvalue: chiSquareSf(statistic, dof), dof };
}
