import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ModelWrittenEvent, RunStartEvent } from '../run/options.js';
import { type FeatureStatistic, type ModelSnapshot, snapshotOfOutcome, statusValue } from './snapshots.js';

export type RunOutcome = 'success' | 'cancelled' | 'failed';

/** A run as the run metrics see it once it has ended. */
export interface FinishedRun {
  outcome: RunOutcome;
  durationSeconds: number;
  finishedAt: Date;
  /** drift_results rows its retention deleted; none when absent. */
  prunedRows?: number;
}

type Labels = Partial<Record<string, string | number>>;

const featureGauges: Readonly<Record<FeatureStatistic, readonly [name: string, help: string]>> =
  Object.freeze({
    psi: ['drift_feature_psi', 'Population stability index of the current window against the historical one'],
    kl: ['drift_feature_kl_divergence', 'KL divergence KL(historical || current) of the binned shares'],
    js: ['drift_feature_js_distance', 'Jensen-Shannon distance (natural log) of the binned shares'],
    ksStatistic: [
      'drift_feature_ks_statistic',
      'Two-sample Kolmogorov-Smirnov statistic D (numeric features)',
    ],
    ksPvalue: ['drift_feature_ks_pvalue', 'Two-sample Kolmogorov-Smirnov p-value (numeric features)'],
  });

const ERROR = statusValue('error');

const runDurationBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** The label sets among `current` to drop so that only `keep`'s series remain. */
export function staleLabels(current: readonly Labels[], keep: (labels: Labels) => boolean): Labels[] {
  return current.filter((labels) => !keep(labels));
}

/**
 * The drift gauges, counters and histogram, registered on the registry it is given. Only the main thread
 * may call it: prom-client's registries do not aggregate across worker threads.
 */
export class DriftMetrics {
  readonly #featureGauges: ReadonlyMap<FeatureStatistic, Gauge<'model' | 'feature'>>;
  readonly #featureStatus: Gauge<'model' | 'feature'>;
  readonly #modelScore: Gauge<'model'>;
  readonly #modelStatus: Gauge<'model'>;
  readonly #performance: Gauge<'model' | 'metric' | 'window'>;
  readonly #performanceStatus: Gauge<'model'>;
  readonly #estimated: Gauge<'model' | 'metric' | 'window'>;
  readonly #estimatedStatus: Gauge<'model'>;
  readonly #rowsAnalyzed: Counter<'model'>;
  readonly #runDuration: Histogram;
  readonly #runs: Counter<'outcome'>;
  readonly #lastSuccess: Gauge;
  readonly #pruned: Counter;
  /** The features each model has series of: a model's stale series are found without listing every series. */
  readonly #features = new Map<string, ReadonlySet<string>>();
  /** The performance metrics shown per model, so that a metric a model no longer has loses its series. */
  readonly #performanceMetrics = new Map<string, ReadonlySet<string>>();
  readonly #estimatedMetrics = new Map<string, ReadonlySet<string>>();

  /** The run hooks that keep the model and feature series up to date, for startServiceC. */
  readonly hooks = {
    onRunStart: (event: RunStartEvent) => this.retainModels(event.models),
    onModelWritten: (event: ModelWrittenEvent) => this.recordModel(event),
  };

  constructor(registry: Registry) {
    const registers = [registry];
    const featureLabels = ['model', 'feature'] as const;
    this.#featureGauges = new Map(
      Object.entries(featureGauges).map(([statistic, [name, help]]) => [
        statistic as FeatureStatistic,
        new Gauge({ name, help, labelNames: featureLabels, registers }),
      ]),
    );
    this.#featureStatus = new Gauge({
      name: 'drift_feature_status',
      help: 'Status of a feature: 0 ok, 1 warning, 2 alert, -1 insufficient data, -2 its model failed (error)',
      labelNames: featureLabels,
      registers,
    });
    this.#modelScore = new Gauge({
      name: 'drift_model_score',
      help: "Drift score of a model: its prediction's PSI, or its largest feature PSI without events",
      labelNames: ['model'],
      registers,
    });
    this.#modelStatus = new Gauge({
      name: 'drift_model_status',
      help: 'Status of a model (features, prediction, performance): 0 ok, 1 warning, 2 alert, -1 insufficient data, -2 error',
      labelNames: ['model'],
      registers,
    });
    this.#performance = new Gauge({
      name: 'drift_model_performance',
      help: 'Realized performance of a model from its labelled events, per metric and window (reference or current)',
      labelNames: ['model', 'metric', 'window'],
      registers,
    });
    this.#performanceStatus = new Gauge({
      name: 'drift_model_performance_status',
      help: 'Status of the change in a model performance: 0 ok, 1 warning, 2 alert, -1 insufficient data',
      labelNames: ['model'],
      registers,
    });
    this.#estimated = new Gauge({
      name: 'drift_model_performance_estimated',
      help: 'Performance of a binary classifier estimated from its scores alone (CBPE), per metric and window',
      labelNames: ['model', 'metric', 'window'],
      registers,
    });
    this.#estimatedStatus = new Gauge({
      name: 'drift_model_performance_estimated_status',
      help: 'Status of the estimated performance: 0 ok, 1 warning, 2 alert, -1 insufficient data',
      labelNames: ['model'],
      registers,
    });
    this.#rowsAnalyzed = new Counter({
      name: 'drift_rows_analyzed_total',
      help: 'Rows analysed for a model, both windows, features and predictions (a stored baseline counted too)',
      labelNames: ['model'],
      registers,
    });
    this.#runDuration = new Histogram({
      name: 'drift_run_duration_seconds',
      help: 'Wall-clock duration of a drift run',
      buckets: runDurationBuckets,
      registers,
    });
    this.#runs = new Counter({
      name: 'drift_runs_total',
      help: 'Drift runs by outcome: success, failed (the database could not be used), cancelled',
      labelNames: ['outcome'],
      registers,
    });
    this.#lastSuccess = new Gauge({
      name: 'drift_last_success_timestamp_seconds',
      help: 'Unix time at which the last successful drift run ended (a run of another process: when it wrote its results)',
      registers,
    });
    this.#pruned = new Counter({
      name: 'drift_results_pruned_total',
      help: 'drift_results rows deleted by the retention',
      registers,
    });
    // Zero series from the start: increase() sees the first failure only when the series existed before it.
    for (const outcome of ['success', 'failed', 'cancelled'] satisfies RunOutcome[]) {
      this.#runs.inc({ outcome }, 0);
    }
  }

  /** At the start of a run: drops every series of a model that is not in production any more. */
  async retainModels(models: readonly string[]): Promise<void> {
    const live = new Set(models);
    const keep = (labels: Labels) => live.has(String(labels.model));
    for (const metric of this.#modelMetrics()) {
      for (const labels of staleLabels(await labelSetsOf(metric), keep)) metric.remove(labels);
    }
    for (const model of this.#features.keys()) if (!live.has(model)) this.#features.delete(model);
    for (const shown of [this.#performanceMetrics, this.#estimatedMetrics]) {
      for (const model of shown.keys()) if (!live.has(model)) shown.delete(model);
    }
    for (const model of models) this.#rowsAnalyzed.inc({ model }, 0);
  }

  /** After a model is committed: its gauges show the run's outcome. */
  async recordModel({ outcome }: Pick<ModelWrittenEvent, 'outcome'>): Promise<void> {
    this.#show(snapshotOfOutcome(outcome));
    this.#rowsAnalyzed.inc({ model: outcome.model }, outcome.rowsAnalyzed);
  }

  /** Fills the gauges from what earlier runs stored, so that a restart does not blank the dashboards. */
  async restore(snapshots: readonly ModelSnapshot[]): Promise<void> {
    for (const snapshot of snapshots) this.#show(snapshot);
  }

  /**
   * A run of another process seen in the file (its results written at `at`): the last success moves on,
   * never back, so that the staleness alert sees cron runs too.
   */
  async recordStoredRun(at: Date): Promise<void> {
    const [shown] = (await this.#lastSuccess.get()).values;
    if (shown === undefined || shown.value < at.getTime() / 1000) this.#lastSuccess.set(at.getTime() / 1000);
  }

  recordRun(run: FinishedRun): void {
    this.#runs.inc({ outcome: run.outcome });
    this.#runDuration.observe(run.durationSeconds);
    this.#pruned.inc(run.prunedRows ?? 0);
    if (run.outcome === 'success') this.#lastSuccess.set(run.finishedAt.getTime() / 1000);
  }

  #show(snapshot: ModelSnapshot): void {
    const { model } = snapshot;
    if (snapshot.status === ERROR) {
      // A failed model keeps its last values, its statuses saying error: its series must not vanish.
      this.#modelStatus.set({ model }, ERROR);
      for (const feature of this.#features.get(model) ?? [])
        this.#featureStatus.set({ model, feature }, ERROR);
      return;
    }
    const features = new Set(snapshot.features.map((f) => f.feature));
    // Only this model's earlier features: listing every series per model made a restore quadratic.
    for (const feature of this.#features.get(model) ?? []) {
      if (features.has(feature)) continue;
      for (const gauge of [...this.#featureGauges.values(), this.#featureStatus])
        gauge.remove({ model, feature });
    }
    this.#features.set(model, features);
    for (const { feature, status, values } of snapshot.features) {
      for (const [statistic, gauge] of this.#featureGauges)
        setOrRemove(gauge, { model, feature }, values[statistic]);
      this.#featureStatus.set({ model, feature }, status);
    }
    setOrRemove(this.#modelScore, { model }, snapshot.score);
    this.#modelStatus.set({ model }, snapshot.status);
    this.#showPerformance(
      model,
      snapshot.performance,
      this.#performance,
      this.#performanceStatus,
      this.#performanceMetrics,
    );
    this.#showPerformance(
      model,
      snapshot.estimated,
      this.#estimated,
      this.#estimatedStatus,
      this.#estimatedMetrics,
    );
  }

  /** A model's realized or estimated performance: its metrics' gauges, its status, the metrics it has. */
  #showPerformance(
    model: string,
    performance: ModelSnapshot['performance'],
    values: Gauge<'model' | 'metric' | 'window'>,
    status: Gauge<'model'>,
    shown: Map<string, ReadonlySet<string>>,
  ): void {
    const metrics = new Set(performance?.metrics.map((m) => m.metric));
    for (const metric of shown.get(model) ?? []) {
      if (metrics.has(metric)) continue;
      for (const window of ['reference', 'current']) values.remove({ model, metric, window });
    }
    shown.set(model, metrics);
    setOrRemove(status, { model }, performance?.status ?? null);
    for (const { metric, reference, current } of performance?.metrics ?? []) {
      setOrRemove(values, { model, metric, window: 'reference' }, reference);
      setOrRemove(values, { model, metric, window: 'current' }, current);
    }
  }

  #modelMetrics(): (Gauge<string> | Counter<'model'>)[] {
    return [
      ...this.#featureGauges.values(),
      this.#featureStatus,
      this.#modelScore,
      this.#modelStatus,
      this.#performance,
      this.#performanceStatus,
      this.#estimated,
      this.#estimatedStatus,
      this.#rowsAnalyzed,
    ];
  }
}

export function createDriftMetrics(registry: Registry): DriftMetrics {
  return new DriftMetrics(registry);
}

async function labelSetsOf(metric: Gauge<string> | Counter<string>): Promise<Labels[]> {
  return (await metric.get()).values.map((value) => value.labels);
}

/** A statistic that does not apply has no series rather than a NaN one. */
function setOrRemove<T extends string>(
  gauge: Gauge<T>,
  labels: Record<T, string>,
  value: number | null,
): void {
  if (value === null) gauge.remove(labels);
  else gauge.set(labels, value);
}
