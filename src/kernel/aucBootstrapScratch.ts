/** How many positive and negative events a window has. */
export interface ClassSizes {
  positives: number;
  negatives: number;
}

/**
 * The scratch bootstrapAucChange needs, in doubles: the larger window's events (each one's draws), the
 * running sums of the larger window's negatives' draws, and each window's runs of equal positive scores
 * merged with its negatives once for all resamples (three doubles a positive at most).
 */
export function aucBootstrapScratch(reference: ClassSizes, current: ClassSizes): number {
  const events = (w: ClassSizes) => w.positives + w.negatives;
  return (
    Math.max(events(reference), events(current)) +
    Math.max(reference.negatives, current.negatives) +
    1 +
    3 * (reference.positives + current.positives)
  );
}
