import type { DriftStatus } from '../compare/result.js';
import type { PerformanceOptions } from './options.js';
import type { PerformanceMetric, PerformanceTask } from './result.js';
import { worsening } from './worsening.js';

/**
 * AUC falling by more than aucWarning / aucAlert, or RMSE rising by more than rmseWarning / rmseAlert of the
 * reference's, is a warning / an alert only when the bootstrap interval of the change excludes 0, so that
 * noise does not alert. Too few labelled events, or a window without both classes, is insufficient data.
 * This is the status before the gate (docs/signal.md), which keeps it only beyond the reference's own spread.
 */
export function performanceStatus(
  task: PerformanceTask,
  headline: PerformanceMetric,
  events: readonly [reference: number, current: number],
  options: PerformanceOptions,
): DriftStatus {
  const { reference, current, changeLow, changeHigh } = headline;
  if (Math.min(...events) < options.minEvents || reference === null || current === null) {
    return 'insufficient_data';
  }
  if (changeLow === null || changeHigh === null) return 'insufficient_data';
  const [excludesNoChange, warning, alert] =
    task === 'binary_classification'
      ? [changeHigh < 0, options.aucWarning, options.aucAlert]
      : [changeLow > 0, options.rmseWarning, options.rmseAlert];
  if (!excludesNoChange) return 'ok';
  const worse = worsening(task, reference, current);
  if (worse > alert) return 'alert';
  if (worse > warning) return 'warning';
  return 'ok';
}
