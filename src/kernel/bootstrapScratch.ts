/** How many positive and negative events a window has. */
export interface ClassSizes {
  positives: number;
  negatives: number;
}

/**
 * The scratch, in doubles, that the kernel's AUC bootstraps (bootstrapAucChange, bootstrapRealizedMetrics)
 * need for these windows: the largest window's events (each one's draws), the running sums of the largest
 * count of negatives' draws, and each window's runs of equal positive scores merged with its negatives once
 * for all resamples (three doubles a positive at most).
 */
export function bootstrapScratch(...windows: ClassSizes[]): number {
  const largest = (size: (w: ClassSizes) => number) => Math.max(0, ...windows.map(size));
  const runs = windows.reduce((sum, w) => sum + 3 * w.positives, 0);
  return largest((w) => w.positives + w.negatives) + largest((w) => w.negatives) + 1 + runs;
}
