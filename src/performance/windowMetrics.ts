import type { LabelledWindow } from './result.js';

const EPSILON = 1e-15;

/** Mean of f over the events of a window; null for an empty window. */
function meanOf(window: LabelledWindow, f: (prediction: number, label: number) => number): number | null {
  const n = window.labels.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += f(window.predictions[i] as number, window.labels[i] as number);
  return sum / n;
}

/**
 * Log loss (natural log, predictions clipped to [1e-15, 1 - 1e-15]), Brier score, accuracy (a prediction
 * at or above the threshold says 1) and the share of positive labels.
 */
export function binaryWindowMetrics(window: LabelledWindow, threshold: number) {
  return {
    log_loss: meanOf(window, (p, y) => {
      const clipped = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
      return -(y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
    }),
    brier: meanOf(window, (p, y) => (p - y) ** 2),
    accuracy: meanOf(window, (p, y) => ((p >= threshold ? 1 : 0) === y ? 1 : 0)),
    positive_rate: meanOf(window, (_, y) => y),
  };
}

/** MAE, and the mean error as prediction minus label (positive: the model overestimates). */
export function regressionWindowMetrics(window: LabelledWindow) {
  return {
    mae: meanOf(window, (p, y) => Math.abs(p - y)),
    mean_error: meanOf(window, (p, y) => p - y),
  };
}
