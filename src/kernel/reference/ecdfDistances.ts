export interface EcdfDistances {
  ks: number;
  wasserstein: number;
  /** Mood's untied sum over b, NaN when a value repeats in the two samples (see Kernel#ecdfDistances). */
  mood: number;
}

/**
 * KS statistic and Wasserstein-1 distance of two sorted samples, and Mood's sum, from one merged walk. The CDF gap is the
 * integer i·m - j·n (exact in a double for any sample that fits in memory), divided by n·m at the end.
 * Near ±1.8e308 a distance or the area can overflow although the result is finite: then the walk runs
 * again with every value times a power of two (exact) that keeps them within ±2, and scales the area back.
 */
export function ecdfDistances(a: Float64Array, b: Float64Array): EcdfDistances {
  const plain = walk(a, b, 1);
  if (Number.isFinite(plain.wasserstein)) return plain;
  const largest = Math.max(...[a[0], a.at(-1), b[0], b.at(-1)].map((x) => Math.abs(x ?? 0)));
  let scale = 1;
  while (scale < largest / 2) scale *= 2;
  const scaled = walk(a, b, 1 / scale);
  return { ...scaled, wasserstein: scaled.wasserstein * scale };
}

function walk(a: Float64Array, b: Float64Array, unit: number): EcdfDistances {
  const n = a.length;
  const m = b.length;
  const center = (n + m + 1) / 2;
  let i = 0;
  let j = 0;
  let largest = 0;
  let area = 0;
  let mood = 0;
  let tie = false;
  while (i < n || j < m) {
    const below = i + j;
    const fromB = j;
    const value = Math.min(
      i < n ? (a[i] as number) : Number.POSITIVE_INFINITY,
      j < m ? (b[j] as number) : Number.POSITIVE_INFINITY,
    );
    while (i < n && (a[i] as number) <= value) i++;
    while (j < m && (b[j] as number) <= value) j++;
    // A group of equal values longer than one is a tie; a single value of b adds its square.
    if (i + j - below > 1) tie = true;
    else if (j > fromB) mood += (below + 1 - center) ** 2;
    const gap = Math.abs(i * m - j * n);
    if (gap > largest) largest = gap;
    if (gap !== 0)
      area +=
        gap *
        (Math.min(a[i] ?? Number.POSITIVE_INFINITY, b[j] ?? Number.POSITIVE_INFINITY) * unit - value * unit);
  }
  return { ks: largest / (n * m), wasserstein: area / (n * m), mood: tie ? Number.NaN : mood };
}
