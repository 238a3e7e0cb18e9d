import type { DriftRecord } from '../store/driftResultColumns.js';
import type { FeatureOutcome, ModelOutcome } from './outcome.js';

/**
 * A model's drift_results rows: one per feature, one for the prediction, and one for the model itself with
 * its score and status, saying where the score came from or why the model failed.
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
    score: outcome.score,
    status: outcome.status,
    message:
      outcome.error ??
      (outcome.scoreSource === 'max_feature_psi'
        ? 'no events: the model score is the largest feature PSI'
        : null),
  };
  return [
    ...outcome.features.map((f) => record(f, 'feature')),
    ...(outcome.prediction ? [record(outcome.prediction, 'prediction')] : []),
    modelRecord,
  ];
}
