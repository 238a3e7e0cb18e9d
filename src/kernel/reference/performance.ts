import type { SortedClasses } from '../kernel.js';

// The TypeScript twin of kernel/performance.ts: the same walks, the same generator, the same draws.

/** The weighted Mann-Whitney U of the positives over the negatives over W+ · W- (ties count 1/2). */
export function weightedAuc(
  positives: Float64Array,
  negatives: Float64Array,
  positiveWeights?: Float64Array,
  negativeWeights?: Float64Array,
): number {
  const weightOf = (weights: Float64Array | undefined, i: number) => (weights ? (weights[i] as number) : 1);
  let j = 0;
  let negativesBelow = 0;
  let pairs = 0;
  let positiveTotal = 0;
  let i = 0;
  while (i < positives.length) {
    const value = positives[i] as number;
    while (j < negatives.length && (negatives[j] as number) < value)
      negativesBelow += weightOf(negativeWeights, j++);
    let tiedNegatives = 0;
    for (let k = j; k < negatives.length && negatives[k] === value; k++)
      tiedNegatives += weightOf(negativeWeights, k);
    let tiedPositives = 0;
    for (; i < positives.length && positives[i] === value; i++) tiedPositives += weightOf(positiveWeights, i);
    pairs += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
    positiveTotal += tiedPositives;
  }
  let negativeTotal = 0;
  for (let k = 0; k < negatives.length; k++) negativeTotal += weightOf(negativeWeights, k);
  return pairs / (positiveTotal * negativeTotal);
}

export function rocAuc(positives: Float64Array, negatives: Float64Array): number {
  return weightedAuc(positives, negatives);
}

/** Mulberry32, as the kernel runs it. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** weights[i] = how often event i of n was drawn; index floor(random · n / 2^32), exact while n < 2^21. */
function resample(random: () => number, weights: Float64Array): void {
  weights.fill(0);
  const n = weights.length;
  for (let k = 0; k < n; k++) {
    const i = Math.floor((random() * n) / 4294967296);
    weights[i] = (weights[i] as number) + 1;
  }
}

export function bootstrapAucChange(
  reference: SortedClasses,
  current: SortedClasses,
  seed: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  const random = mulberry32(seed);
  const resampled = ({ positives, negatives }: SortedClasses) => {
    const positiveWeights = weights.subarray(0, positives.length);
    const negativeWeights = weights.subarray(positives.length, positives.length + negatives.length);
    resample(random, positiveWeights);
    resample(random, negativeWeights);
    return weightedAuc(positives, negatives, positiveWeights, negativeWeights);
  };
  for (let b = 0; b < out.length; b++) {
    const before = resampled(reference);
    out[b] = resampled(current) - before;
  }
}

export function bootstrapRmseChange(
  referenceSquaredErrors: Float64Array,
  currentSquaredErrors: Float64Array,
  seed: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  const random = mulberry32(seed);
  const resampled = (squaredErrors: Float64Array) => {
    const drawn = weights.subarray(0, squaredErrors.length);
    resample(random, drawn);
    let sum = 0;
    for (let i = 0; i < squaredErrors.length; i++) sum += (drawn[i] as number) * (squaredErrors[i] as number);
    return Math.sqrt(sum / squaredErrors.length);
  };
  for (let b = 0; b < out.length; b++) {
    const before = resampled(referenceSquaredErrors);
    out[b] = resampled(currentSquaredErrors) - before;
  }
}
