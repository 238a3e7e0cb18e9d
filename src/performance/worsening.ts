import type { PerformanceTask } from './result.js';

/**
 * How much worse the current window's headline metric is than the reference's: the AUC's fall (reference
 * minus current), or the RMSE's rise as a share of the reference's. Positive is worse.
 */
export function worsening(task: PerformanceTask, reference: number, current: number): number {
  if (task === 'binary_classification') return reference - current;
  if (reference === 0) return current > 0 ? Number.POSITIVE_INFINITY : 0;
  return (current - reference) / reference;
}
