import { chiSquareSf } from './chiSquareSf.js';

/**
 * Pearson chi-square test of homogeneity on an r x k table of counts (rows are groups), as
 * `scipy.stats.chi2_contingency(table, correction=False)` computes it after dropping the rows and columns
 * that are empty; null when fewer than two of either remain (no test).
 */
export function chiSquareTable(
  rows: readonly Float64Array[],
): { statistic: number; pvalue: number; dof: number } | null {
  const kept = rows.filter((row) => row.some((count) => count > 0));
  const columns = kept[0]?.length ?? 0;
  const columnTotals = new Float64Array(columns);
  const rowTotals = kept.map((row) => {
    let sum = 0;
    for (let b = 0; b < columns; b++) {
      sum += row[b] as number;
      columnTotals[b] = (columnTotals[b] as number) + (row[b] as number);
    }
    return sum;
  });
  const used = [...columnTotals.keys()].filter((b) => (columnTotals[b] as number) > 0);
  if (kept.length < 2 || used.length < 2) return null;
  const all = rowTotals.reduce((a, b) => a + b, 0);
  let statistic = 0;
  kept.forEach((row, g) => {
    for (const b of used) {
      const expected = ((rowTotals[g] as number) * (columnTotals[b] as number)) / all;
      statistic += ((row[b] as number) - expected) ** 2 / expected;
    }
  });
  const dof = (kept.length - 1) * (used.length - 1);
  return { statistic, pvalue: chiSquareSf(statistic, dof), dof };
}
