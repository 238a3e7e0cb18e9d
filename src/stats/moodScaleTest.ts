import { chiSquareSf } from './chiSquareSf.js';

/** Mood's two-sample scale test: its z statistic and two-sided p-value. */
export interface MoodTest {
  statistic: number;
  pvalue: number;
}

/**
 * `scipy.stats.mood(x, y)` (two-sided) from two ascending samples without NaN, in one merge walk: z > 0
 * when x is the more spread. The statistic sums ψ(rank) = (rank − (N + 1)/2)² over x; a group of t tied
 * values gets the mean of ψ over the ranks it spans (Mielke's form, which SciPy computes, not ψ of the
 * midrank), and the variance loses the ties' term. Without ties SciPy sums ψ and uses the plain variance,
 * and so does this, so that each branch agrees with SciPy's to rounding. The p-value reads z² on χ²(1),
 * which is 2·P(Z ≥ |z|). Null where SciPy gives NaN: an empty sample, fewer than 3 values, all values equal.
 */
export function moodScaleTest(
  x: Float64Array,
  y: Float64Array,
  untied: (x: Float64Array, y: Float64Array, center: number) => number = moodUntiedSum,
): MoodTest | null {
  const [m, n] = [x.length, y.length];
  const N = m + n;
  if (m === 0 || n === 0 || N < 3) return null;
  const center = (N + 1) / 2;
  const plain = untied(x, y, center);
  if (!Number.isNaN(plain)) {
    const mean = (m * (N * N - 1)) / 12;
    const statistic = (plain - mean) / Math.sqrt((m * n * (N + 1) * (N + 2) * (N - 2)) / 180);
    if (!Number.isFinite(statistic)) return null;
    return { statistic, pvalue: chiSquareSf(statistic * statistic, 1) };
  }
  return moodWalk(x, y);
}

/**
 * Σ ψ(rank) over x when no two values of x and y are equal, else NaN: the general walk's `plain` bit for bit
 * (it adds the same terms in the same order; its other steps add 0 for a value of y, which changes nothing),
 * without its tie bookkeeping. A value of x is at rank i + j + 1, j the values of y below it. The kernel's
 * ECDF walk gives the same sum as it merges the two samples (`ecdfDistances(y, x).mood`, bit for bit), which
 * is what the battery passes to moodScaleTest.
 */
export function moodUntiedSum(x: Float64Array, y: Float64Array, center: number): number {
  const [m, n] = [x.length, y.length];
  let plain = 0;
  let j = 0;
  // The last value of x and of y passed: a value equal to it is a tie.
  let [lastX, lastY] = [Number.NaN, Number.NaN];
  for (let i = 0; i < m; i++) {
    const value = x[i] as number;
    if (value === lastX) return Number.NaN;
    for (; j < n; j++) {
      const below = y[j] as number;
      if (!(below < value)) break;
      if (below === lastY) return Number.NaN;
      lastY = below;
    }
    if (j < n && y[j] === value) return Number.NaN;
    plain += (i + j + 1 - center) ** 2;
    lastX = value;
  }
  // The values of y above the largest of x: ties among them count too.
  for (; j < n; j++) {
    if (y[j] === lastY) return Number.NaN;
    lastY = y[j] as number;
  }
  return plain;
}

/**
 * The general walk, ties or not: every tied group's ranks share the mean of ψ over them (Mielke), and the
 * variance loses the ties' term. moodScaleTest takes it only when a tie is found (exported for the test that
 * both ways agree bit for bit without ties).
 */
export function moodWalk(x: Float64Array, y: Float64Array): MoodTest | null {
  const [m, n] = [x.length, y.length];
  const N = m + n;
  if (m === 0 || n === 0 || N < 3) return null;
  const center = (N + 1) / 2;
  let [i, j] = [0, 0];
  let [plain, tied, tieTerm, hasTies] = [0, 0, 0, false];
  while (i < m || j < n) {
    const below = i + j;
    const value = Math.min(i < m ? (x[i] as number) : Infinity, j < n ? (y[j] as number) : Infinity);
    const firstX = i;
    while (i < m && x[i] === value) i++;
    while (j < n && y[j] === value) j++;
    const inX = i - firstX;
    const t = i + j - below;
    const last = i + j;
    if (t === 1) plain += inX * (below + 1 - center) ** 2;
    else hasTies = true;
    tied += (inX * psiSum(below + 1, last, center)) / t;
    tieTerm += t * (t ** 2 - 1) * (t ** 2 - 4 + 15 * (N - last - below) ** 2);
  }
  const mean = (m * (N * N - 1)) / 12;
  const variance = hasTies
    ? (m * n * (N + 1) * (N ** 2 - 4)) / 180 - ((m * n) / (180 * N * (N - 1))) * tieTerm
    : (m * n * (N + 1) * (N + 2) * (N - 2)) / 180;
  const statistic = ((hasTies ? tied : plain) - mean) / Math.sqrt(variance);
  if (!Number.isFinite(statistic)) return null;
  return { statistic, pvalue: chiSquareSf(statistic * statistic, 1) };
}

/** Σ ψ(I) for I = lo … hi, from the closed sums of I², I and 1, as SciPy forms it. */
function psiSum(lo: number, hi: number, center: number): number {
  const squares = (hi * (hi + 1) * (2 * hi + 1)) / 6 - (lo * (lo + 1) * (2 * lo + 1)) / 6 + lo ** 2;
  const ranks = (hi * (hi + 1)) / 2 - (lo * (lo + 1)) / 2 + lo;
  return squares - 2 * center * ranks + (hi - lo + 1) * center ** 2;
}
