import type { DriftResult, Gate } from '../compare/result.js';
import type { SqlParam } from '../engine/engine.js';
import type {
  EstimatedMetric,
  EstimatedPerformance,
  PerformanceMetric,
  PerformanceResult,
} from '../performance/result.js';

/** Where a window's rows came from: ranks [start, end) of the ordered rows, every `stride`-th kept. */
export interface WindowInfo {
  start: number;
  end: number;
  stride: number;
  rows: number;
  /** Epoch milliseconds of the first and last kept rows. */
  firstTime: number | null;
  lastTime: number | null;
}

/** One row of the drift_results history. */
export interface DriftRecord {
  runId: string;
  model: string;
  /** The feature's column, the prediction column, or the performance metric; null on the model's own row. */
  feature: string | null;
  target: 'feature' | 'prediction' | 'performance' | 'performance_estimated' | 'model';
  reference: WindowInfo | null;
  current: WindowInfo | null;
  result: DriftResult | null;
  /** One metric of the model's realized performance, on a performance row. */
  performance: PerformanceRecord | null;
  /** On an estimated-performance row: the estimate's interval, the realized values and the error. */
  estimate: EstimateRecord | null;
  /** The model's drift score, on the model's own row. */
  score: number | null;
  status: string;
  message: string | null;
  computedAt: Date;
}

/** What an estimated metric adds to its performance columns. */
export interface EstimateRecord {
  metric: EstimatedMetric;
  calibration: EstimatedPerformance['calibration'];
  /** Events of the current window with a label, behind `realizedCurrent`. */
  labelled: number;
}

export interface PerformanceRecord {
  task: PerformanceResult['task'];
  /** The metric's name is the row's `feature`. */
  metric: Omit<PerformanceMetric, 'metric'>;
  events: { reference: number; current: number };
  /** Events left out for a non-finite prediction or label. */
  missing?: { reference: number; current: number };
  /** The gate of the realized performance, on the headline metric's row. */
  gate?: Gate | null;
}

const timestamp = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(Math.round(ms));
const numbers = (values: readonly number[] | undefined) => values ?? null;
const labels = (values: readonly (number | string)[] | undefined) => values?.map(String) ?? null;

/** The gate of a feature's or the prediction's row, or of the realized performance's headline row. */
const gateOf = (r: DriftRecord): Gate | null | undefined => r.result?.gate ?? r.performance?.gate;

/** A column: its name, its SQL type (its parameter is cast to it) and its value for a record. */
export type Column = readonly [name: string, type: string, value: (r: DriftRecord) => SqlParam];

function windowColumns(side: 'reference' | 'current'): Column[] {
  return [
    [`${side}_start`, 'BIGINT', (r) => r[side]?.start ?? null],
    [`${side}_end`, 'BIGINT', (r) => r[side]?.end ?? null],
    [`${side}_stride`, 'BIGINT', (r) => r[side]?.stride ?? null],
    [`${side}_first_time`, 'TIMESTAMP', (r) => timestamp(r[side]?.firstTime)],
    [`${side}_last_time`, 'TIMESTAMP', (r) => timestamp(r[side]?.lastTime)],
    [`${side}_count`, 'BIGINT', (r) => r.result?.[side].count ?? r.performance?.events[side] ?? null],
    [`${side}_missing`, 'BIGINT', (r) => r.result?.[side].missing ?? r.performance?.missing?.[side] ?? null],
    [`${side}_mean`, 'DOUBLE', (r) => r.result?.[side].mean ?? null],
    [`${side}_variance`, 'DOUBLE', (r) => r.result?.[side].variance ?? null],
    [`${side}_min`, 'DOUBLE', (r) => r.result?.[side].min ?? null],
    [`${side}_max`, 'DOUBLE', (r) => r.result?.[side].max ?? null],
    [`${side}_histogram`, 'DOUBLE[]', (r) => numbers(r.result?.bins[side])],
  ];
}

/** The drift_results table, column by column: its DDL and its INSERT both come from this list. */
export const driftResultColumns: readonly Column[] = [
  ['run_id', 'VARCHAR NOT NULL', (r) => r.runId],
  ['model_name', 'VARCHAR NOT NULL', (r) => r.model],
  ['feature', 'VARCHAR', (r) => r.feature],
  ['target', 'VARCHAR NOT NULL', (r) => r.target],
  ['kind', 'VARCHAR', (r) => r.result?.kind ?? null],
  ...windowColumns('reference'),
  ...windowColumns('current'),
  [
    'bin_edges',
    'DOUBLE[]',
    (r) => (r.result?.kind === 'numeric' ? numbers(r.result.bins.edges as number[]) : null),
  ],
  ['categories', 'VARCHAR[]', (r) => (r.result?.kind === 'categorical' ? labels(r.result.bins.edges) : null)],
  ['ks_statistic', 'DOUBLE', (r) => r.result?.ks?.statistic ?? null],
  ['ks_pvalue', 'DOUBLE', (r) => r.result?.ks?.pvalue ?? null],
  ['ks_method', 'VARCHAR', (r) => r.result?.ks?.method ?? null],
  ['psi', 'DOUBLE', (r) => r.result?.psi ?? null],
  ['kl_divergence', 'DOUBLE', (r) => r.result?.kl ?? null],
  ['js_distance', 'DOUBLE', (r) => r.result?.js ?? null],
  ['wasserstein', 'DOUBLE', (r) => r.result?.wasserstein ?? null],
  ['wasserstein_normed', 'DOUBLE', (r) => r.result?.wassersteinNormed ?? null],
  ['chi2_statistic', 'DOUBLE', (r) => r.result?.chi2?.statistic ?? null],
  ['chi2_pvalue', 'DOUBLE', (r) => r.result?.chi2?.pvalue ?? null],
  ['chi2_dof', 'INTEGER', (r) => r.result?.chi2?.dof ?? null],
  ['mood_statistic', 'DOUBLE', (r) => r.result?.mood?.statistic ?? null],
  ['mood_pvalue', 'DOUBLE', (r) => r.result?.mood?.pvalue ?? null],
  ['performance_task', 'VARCHAR', (r) => r.performance?.task ?? null],
  ['metric_reference', 'DOUBLE', (r) => r.performance?.metric.reference ?? null],
  ['metric_current', 'DOUBLE', (r) => r.performance?.metric.current ?? null],
  ['metric_change', 'DOUBLE', (r) => r.performance?.metric.change ?? null],
  ['metric_change_low', 'DOUBLE', (r) => r.performance?.metric.changeLow ?? null],
  ['metric_change_high', 'DOUBLE', (r) => r.performance?.metric.changeHigh ?? null],
  ['estimate_low', 'DOUBLE', (r) => r.estimate?.metric.currentLow ?? null],
  ['estimate_high', 'DOUBLE', (r) => r.estimate?.metric.currentHigh ?? null],
  ['realized_reference', 'DOUBLE', (r) => r.estimate?.metric.realizedReference ?? null],
  ['realized_current', 'DOUBLE', (r) => r.estimate?.metric.realizedCurrent ?? null],
  ['estimate_error', 'DOUBLE', (r) => r.estimate?.metric.error ?? null],
  ['estimate_labelled', 'BIGINT', (r) => r.estimate?.labelled ?? null],
  ['calibration', 'VARCHAR', (r) => r.estimate?.calibration ?? null],
  ['model_score', 'DOUBLE', (r) => r.score],
  // The seasonal reference and the gate (docs/signal.md); status is after the gate.
  ['seasonality', 'VARCHAR', (r) => r.result?.seasonality?.cycle ?? null],
  ['seasonality_reason', 'VARCHAR', (r) => r.result?.seasonality?.reason ?? null],
  ['reference_phase', 'VARCHAR', (r) => r.result?.seasonality?.referencePhase ?? null],
  // A performance row's gate_dispersion is the spread its worsening was read against (docs/signal.md).
  ['gate_dispersion', 'DOUBLE', (r) => gateOf(r)?.dispersion ?? null],
  ['gate_windows', 'INTEGER', (r) => gateOf(r)?.windows ?? null],
  ['gate_pvalue', 'DOUBLE', (r) => gateOf(r)?.pvalue ?? null],
  ['gate_pvalue_adjusted', 'DOUBLE', (r) => gateOf(r)?.pvalueAdjusted ?? null],
  ['status_before_gate', 'VARCHAR', (r) => gateOf(r)?.statusBeforeGate ?? null],
  // The data-quality signals (docs/data-quality.md); status is the worst of the drift's and the quality's.
  ['missing_rate_reference', 'DOUBLE', (r) => r.result?.quality.missingRate.reference ?? null],
  ['missing_rate_current', 'DOUBLE', (r) => r.result?.quality.missingRate.current ?? null],
  ['missing_rate_pvalue', 'DOUBLE', (r) => r.result?.quality.missingRate.pvalue ?? null],
  ['reference_quantile_low', 'DOUBLE', (r) => r.result?.quality.referenceQuantiles?.low ?? null],
  ['reference_quantile_high', 'DOUBLE', (r) => r.result?.quality.referenceQuantiles?.high ?? null],
  ['out_of_range_share', 'DOUBLE', (r) => r.result?.quality.outOfRange?.share ?? null],
  ['out_of_range_pvalue', 'DOUBLE', (r) => r.result?.quality.outOfRange?.pvalue ?? null],
  ['out_of_quantiles_share', 'DOUBLE', (r) => r.result?.quality.outOfQuantiles?.share ?? null],
  ['out_of_quantiles_pvalue', 'DOUBLE', (r) => r.result?.quality.outOfQuantiles?.pvalue ?? null],
  ['unseen_count', 'BIGINT', (r) => r.result?.quality.unseen?.count ?? null],
  ['unseen_share', 'DOUBLE', (r) => r.result?.quality.unseen?.share ?? null],
  ['unseen_categories', 'VARCHAR[]', (r) => r.result?.quality.unseen?.categories ?? null],
  ['became_constant', 'BOOLEAN', (r) => r.result?.quality.becameConstant ?? null],
  ['column_type', 'VARCHAR', (r) => r.result?.quality.types?.current ?? null],
  ['reference_column_type', 'VARCHAR', (r) => r.result?.quality.types?.reference ?? null],
  ['quality_status', 'VARCHAR', (r) => r.result?.quality.status ?? null],
  ['quality_signal', 'VARCHAR', (r) => r.result?.quality.signal ?? null],
  ['drift_status', 'VARCHAR', (r) => r.result?.driftStatus ?? null],
  ['status_source', 'VARCHAR', (r) => r.result?.statusSource ?? null],
  ['status', 'VARCHAR NOT NULL', (r) => r.status],
  ['message', 'VARCHAR', (r) => r.message],
  ['computed_at', 'TIMESTAMP NOT NULL', (r) => r.computedAt],
];
