import type { DriftStatus } from '../compare/result.js';
import { normalSf } from '../stats/normalSf.js';
import type { ReferenceSpread } from './referenceSpread.js';
import type { PerformanceGate, PerformanceMetric, PerformanceTask } from './result.js';
import { worsening } from './worsening.js';

/**
 * The headline metric's gate: its worsening read against the larger of the reference's own spread and the
 * bootstrap's standard deviation of the change (on the worsening's scale), as the upper tail of a standard
 * normal. Null p-value when there is nothing to test (a window without the metric, or no spread at all).
 * Holm's adjustment across the model comes later.
 */
export function performanceGate(
  task: PerformanceTask,
  headline: PerformanceMetric,
  bootstrapSd: number | null,
  reference: ReferenceSpread,
  statusBeforeGate: DriftStatus,
): PerformanceGate {
  const { reference: before, current: after } = headline;
  const worse = before === null || after === null ? null : worsening(task, before, after);
  // The bootstrap resamples the change of the AUC, or of the RMSE: the worsening is the RMSE's relative rise.
  const sampling =
    bootstrapSd === null || before === null
      ? 0
      : task === 'binary_classification'
        ? bootstrapSd
        : bootstrapSd / before;
  const spread = Math.max(reference.spread, sampling);
  const testable = worse !== null && Number.isFinite(worse) && Number.isFinite(spread) && spread > 0;
  return {
    dispersion: spread,
    windows: reference.windows,
    pvalue: testable ? normalSf(worse / spread) : null,
    pvalueAdjusted: null,
    statusBeforeGate,
    referenceSpread: reference.spread,
  };
}
