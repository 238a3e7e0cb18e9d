import type { LabelledWindow, PerformanceTask } from './result.js';

/** Binary classification when every label is 0 or 1 and every prediction lies in [0, 1]; regression otherwise. */
export function inferTask(windows: readonly LabelledWindow[]): PerformanceTask {
  for (const { predictions, labels } of windows) {
    for (let i = 0; i < labels.length; i++) {
      const p = predictions[i] as number;
      if ((labels[i] !== 0 && labels[i] !== 1) || !(p >= 0 && p <= 1)) return 'regression';
    }
  }
  return 'binary_classification';
}
