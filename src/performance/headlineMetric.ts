import type { LabelledWindow, PerformanceTask } from './result.js';

/**
 * A window's headline metric computed directly (no kernel), for the gate's chunks: the AUC as the
 * Mann–Whitney statistic with midranks for tied scores (null without both classes), or the RMSE (null
 * without events).
 */
export function headlineMetric(task: PerformanceTask, window: LabelledWindow): number | null {
  const { predictions, labels } = window;
  const n = labels.length;
  if (task === 'regression') {
    if (n === 0) return null;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ((predictions[i] as number) - (labels[i] as number)) ** 2;
    return Math.sqrt(sum / n);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (predictions[a] as number) - (predictions[b] as number),
  );
  let positives = 0;
  let positiveRanks = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && predictions[order[end] as number] === predictions[order[start] as number]) end++;
    // Ranks start + 1 … end share their mean.
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        positiveRanks += midrank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives);
}
