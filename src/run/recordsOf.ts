import { taskMessage } from '../api/taskSource.js';
import type { DriftRecord } from '../store/driftResultColumns.js';
import type { FeatureOutcome, ModelOutcome, PerformanceOutcome } from './outcome.js';

/**
 * A model's drift_results rows: one per feature, one for the prediction, one per performance metric (realized,
 * then estimated), and one for the model itself with its score and status, saying where the score came from
 * or why the model failed.
 */
export function recordsOf(runId: string, outcome: ModelOutcome, computedAt: Date): DriftRecord[] {
  const base = { runId, model: outcome.model, computedAt };
  const record = (f: FeatureOutcome, target: 'feature' | 'prediction'): DriftRecord => ({
    ...base,
    feature: f.feature,
    target,
    reference: f.reference,
    current: f.current,
    result: f.result,
    performance: null,
    estimate: null,
    score: null,
    status: f.result.status,
    message: null,
  });
  const modelRecord: DriftRecord = {
    ...base,
    feature: null,
    target: 'model',
    reference: null,
    current: null,
    result: null,
    performance: null,
    estimate: null,
    score: outcome.score,
    status: outcome.status,
    message:
      outcome.error ??
      (outcome.scoreSource === 'max_feature_psi'
        ? `no events${outcome.baseline ? ' in the pinned reference' : ''}: the model score is the largest feature PSI`
        : null),
  };
  return [
    ...outcome.features.map((f) => record(f, 'feature')),
    ...(outcome.prediction ? [record(outcome.prediction, 'prediction')] : []),
    ...(outcome.performance ? performanceRecords(base, outcome.performance) : []),
    ...(outcome.performance ? estimatedRecords(base, outcome.performance) : []),
    modelRecord,
  ];
}

/**
 * One row per metric, each with the performance status; the headline row says where the task came from and
 * holds the gate's figures.
 */
function performanceRecords(
  base: Pick<DriftRecord, 'runId' | 'model' | 'computedAt'>,
  { result, reference, current }: PerformanceOutcome,
): DriftRecord[] {
  const events = { reference: result.referenceEvents, current: result.currentEvents };
  const missing = { reference: result.referenceMissing, current: result.currentMissing };
  return result.metrics.map((metric, i) => ({
    ...base,
    feature: metric.metric,
    target: 'performance',
    reference,
    current,
    result: null,
    // The gate tests the headline metric: its figures go on its row.
    performance: { task: result.task, metric, events, missing, gate: i === 0 ? result.gate : null },
    estimate: null,
    score: null,
    status: result.status,
    message: i === 0 ? taskMessage(result.task, result.taskSource) : null,
  }));
}

/**
 * One row per estimated metric, each with the estimate's status: the reference's labelled events and the
 * current window's events (labelled or not); the headline row says how the scores were calibrated.
 */
function estimatedRecords(
  base: Pick<DriftRecord, 'runId' | 'model' | 'computedAt'>,
  { result, reference, estimatedCurrent }: PerformanceOutcome,
): DriftRecord[] {
  const { estimated } = result;
  if (estimated === null) return [];
  const events = { reference: estimated.referenceEvents, current: estimated.currentEvents };
  return estimated.metrics.map((metric, i) => ({
    ...base,
    feature: metric.metric,
    target: 'performance_estimated',
    reference,
    current: estimatedCurrent,
    result: null,
    performance: { task: result.task, metric, events },
    estimate: { metric, calibration: estimated.calibration, labelled: estimated.currentLabelled },
    score: null,
    status: estimated.status,
    message: i === 0 ? estimated.calibrationReason : null,
  }));
}
