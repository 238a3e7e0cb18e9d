import type { SortedClasses } from '../kernel.js';
import { mulberry32, weightedAuc } from './performance.js';

// The TypeScript twin of kernel/estimate.ts: the same walks, the same generator, the same draws. Every `out`
// holds five metrics: ROC AUC, accuracy, precision, recall, F1 (NaN where undefined).

/** Pool-adjacent-violators over the labelled events in score order; returns the number of blocks. */
export function isotonicFit(
  { positives, negatives }: SortedClasses,
  upper: Float64Array,
  level: Float64Array,
  counts: Float64Array,
): number {
  let blocks = 0;
  let i = 0;
  let j = 0;
  const [np, nn] = [positives.length, negatives.length];
  while (i < np || j < nn) {
    const value =
      j >= nn || (i < np && (positives[i] as number) <= (negatives[j] as number))
        ? (positives[i] as number)
        : (negatives[j] as number);
    let groupPositives = 0;
    let count = 0;
    for (; i < np && positives[i] === value; i++) groupPositives += 1;
    for (; j < nn && negatives[j] === value; j++) count += 1;
    count += groupPositives;
    while (
      blocks > 0 &&
      (level[blocks - 1] as number) * count > groupPositives * (counts[blocks - 1] as number)
    ) {
      blocks--;
      groupPositives += level[blocks] as number;
      count += counts[blocks] as number;
    }
    upper[blocks] = value;
    level[blocks] = groupPositives;
    counts[blocks] = count;
    blocks++;
  }
  for (let b = 0; b < blocks; b++) level[b] = (level[b] as number) / (counts[b] as number);
  return blocks;
}

/** out[i] = the level of the first block whose upper bound is at least sorted[i] (the last beyond all). */
export function isotonicApply(
  sorted: Float64Array,
  upper: Float64Array,
  level: Float64Array,
  blocks: number,
  out: Float64Array,
): void {
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i] as number;
    while (b < blocks - 1 && (upper[b] as number) < value) b++;
    out[i] = level[b] as number;
  }
}

function confusionMetrics(tp: number, fp: number, fn: number, tn: number, out: Float64Array): void {
  out[1] = (tp + tn) / (tp + fp + fn + tn);
  out[2] = tp + fp > 0 ? tp / (tp + fp) : Number.NaN;
  out[3] = tp + fn > 0 ? tp / (tp + fn) : Number.NaN;
  out[4] = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : Number.NaN;
}

/** The expected metrics of events sorted by score, event i positive with probability probabilities[i]. */
export function estimatedMetrics(
  sorted: Float64Array,
  probabilities: Float64Array,
  threshold: number,
  out: Float64Array,
): void {
  let negativesBelow = 0;
  let pairs = 0;
  let positives = 0;
  let negatives = 0;
  let selfPairs = 0;
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  let i = 0;
  while (i < sorted.length) {
    const value = sorted[i] as number;
    let groupPositives = 0;
    let groupNegatives = 0;
    let groupSelf = 0;
    for (; i < sorted.length && sorted[i] === value; i++) {
      const p = probabilities[i] as number;
      groupPositives += p;
      groupNegatives += 1 - p;
      groupSelf += p * (1 - p);
    }
    pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives) - 0.5 * groupSelf;
    negativesBelow += groupNegatives;
    positives += groupPositives;
    negatives += groupNegatives;
    selfPairs += groupSelf;
    if (value >= threshold) {
      tp += groupPositives;
      fp += groupNegatives;
    } else {
      fn += groupPositives;
      tn += groupNegatives;
    }
  }
  const distinctPairs = positives * negatives - selfPairs;
  out[0] = distinctPairs > 0 ? pairs / distinctPairs : Number.NaN;
  confusionMetrics(tp, fp, fn, tn, out);
}

/** Realized metrics of labelled events, each counted its weight's times (once each without weights). */
function weightedMetrics(
  { positives, negatives }: SortedClasses,
  threshold: number,
  out: Float64Array,
  weights?: Float64Array,
): void {
  const positiveWeights = weights?.subarray(0, positives.length);
  const negativeWeights = weights?.subarray(positives.length, positives.length + negatives.length);
  const weightOf = (w: Float64Array | undefined, i: number) => (w ? (w[i] as number) : 1);
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  for (let i = 0; i < positives.length; i++) {
    if ((positives[i] as number) >= threshold) tp += weightOf(positiveWeights, i);
    else fn += weightOf(positiveWeights, i);
  }
  for (let k = 0; k < negatives.length; k++) {
    if ((negatives[k] as number) >= threshold) fp += weightOf(negativeWeights, k);
    else tn += weightOf(negativeWeights, k);
  }
  const hasBoth = tp + fn > 0 && fp + tn > 0;
  out[0] = hasBoth ? weightedAuc(positives, negatives, positiveWeights, negativeWeights) : Number.NaN;
  confusionMetrics(tp, fp, fn, tn, out);
}

export function realizedMetrics(classes: SortedClasses, threshold: number, out: Float64Array): void {
  weightedMetrics(classes, threshold, out);
}

/** `out.length / 5` resamples of `size` events drawn with replacement, their realized metrics in turn. */
export function bootstrapRealizedMetrics(
  classes: SortedClasses,
  size: number,
  threshold: number,
  seed: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  const random = mulberry32(seed);
  const n = classes.positives.length + classes.negatives.length;
  const drawn = weights.subarray(0, n);
  for (let b = 0; b < out.length / 5; b++) {
    drawn.fill(0);
    for (let k = 0; k < size; k++) {
      const i = Math.floor((random() * n) / 4294967296);
      drawn[i] = (drawn[i] as number) + 1;
    }
    weightedMetrics(classes, threshold, out.subarray(5 * b, 5 * b + 5), drawn);
  }
}
