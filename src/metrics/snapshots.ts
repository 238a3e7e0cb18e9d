import type { EstimatedPerformance, PerformanceResult } from '../performance/result.js';
import type { ModelOutcome, ModelStatus } from '../run/outcome.js';

/** The feature statistics exported as gauges, one gauge each. */
export type FeatureStatistic = 'psi' | 'kl' | 'js' | 'ksStatistic' | 'ksPvalue';

/** What the gauges show of one feature; a null statistic has no series (categorical features have no KS). */
export interface FeatureSnapshot {
  feature: string;
  status: number;
  values: Record<FeatureStatistic, number | null>;
}

/** One performance metric in both windows (null where it does not apply, e.g. AUC with one class). */
export interface PerformanceMetricSnapshot {
  metric: string;
  reference: number | null;
  current: number | null;
}

/** What the gauges show of a model's realized performance. */
export interface PerformanceSnapshot {
  status: number;
  metrics: PerformanceMetricSnapshot[];
}

/** What the gauges show of one model, from a run's outcome or from its rows in drift_results. */
export interface ModelSnapshot {
  model: string;
  score: number | null;
  status: number;
  features: FeatureSnapshot[];
  /** Null for a model without labelled events. */
  performance: PerformanceSnapshot | null;
  /** The performance estimated from the scores: null but for a binary classifier with labelled events. */
  estimated: PerformanceSnapshot | null;
}

const statusValues: Readonly<Record<ModelStatus, number>> = Object.freeze({
  ok: 0,
  warning: 1,
  alert: 2,
  insufficient_data: -1,
  error: -2,
});

/**
 * drift_*_status: 0 ok, 1 warning, 2 alert, -1 insufficient data or a status this build does not know,
 * -2 error (the model could not be analysed: an alert of its own, not silence).
 */
export function statusValue(status: string): number {
  return Object.hasOwn(statusValues, status) ? (statusValues[status as ModelStatus] as number) : -1;
}

export function snapshotOfOutcome(outcome: ModelOutcome): ModelSnapshot {
  return {
    model: outcome.model,
    score: outcome.score,
    status: statusValue(outcome.status),
    features: outcome.features.map(({ feature, result }) => ({
      feature,
      status: statusValue(result.status),
      values: {
        psi: result.psi,
        kl: result.kl,
        js: result.js,
        ksStatistic: result.ks?.statistic ?? null,
        ksPvalue: result.ks?.pvalue ?? null,
      },
    })),
    performance: outcome.performance && performanceSnapshot(outcome.performance.result),
    estimated: outcome.performance?.result.estimated
      ? performanceSnapshot(outcome.performance.result.estimated)
      : null,
  };
}

function performanceSnapshot({
  status,
  metrics,
}: Pick<PerformanceResult, 'status' | 'metrics'> | EstimatedPerformance) {
  return {
    status: statusValue(status),
    metrics: metrics.map(({ metric, reference, current }) => ({ metric, reference, current })),
  };
}
