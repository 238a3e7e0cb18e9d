import type { SortedClasses } from '../kernel/kernel.js';

const EPSILON = 1e-15;

// Sums run over sorted values: a canonical order, so that every engine's row order gives the same bits.
function sumOf(values: Float64Array, f: (value: number) => number): number {
  let sum = 0;
  for (const value of values) sum += f(value);
  return sum;
}

const clip = (p: number) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);

/**
 * Log loss (natural log, predictions clipped to [1e-15, 1 - 1e-15]), Brier score, accuracy (a prediction
 * at or above the threshold says 1) and the share of positive labels, from each class's sorted scores.
 */
export function binaryWindowMetrics({ positives, negatives }: SortedClasses, threshold: number) {
  const n = positives.length + negatives.length;
  const mean = (positive: (p: number) => number, negative: (p: number) => number) =>
    n === 0 ? null : (sumOf(positives, positive) + sumOf(negatives, negative)) / n;
  return {
    log_loss: mean(
      (p) => -Math.log(clip(p)),
      (p) => -Math.log(1 - clip(p)),
    ),
    brier: mean(
      (p) => (p - 1) ** 2,
      (p) => p ** 2,
    ),
    accuracy: mean(
      (p) => (p >= threshold ? 1 : 0),
      (p) => (p < threshold ? 1 : 0),
    ),
    positive_rate: n === 0 ? null : positives.length / n,
  };
}

/** RMSE, MAE and the mean error (prediction minus label: positive when the model overestimates). */
export function regressionWindowMetrics(sortedErrors: Float64Array) {
  const n = sortedErrors.length;
  const mean = (f: (error: number) => number) => (n === 0 ? null : sumOf(sortedErrors, f) / n);
  const meanSquare = mean((e) => e * e);
  return {
    rmse: meanSquare === null ? null : Math.sqrt(meanSquare),
    mae: mean(Math.abs),
    mean_error: mean((e) => e),
  };
}
