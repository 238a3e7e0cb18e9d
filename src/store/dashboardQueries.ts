import type {
  FeatureDetailResponse,
  FeatureSummary,
  HistoryResponse,
  ModelSummary,
  OverviewModel,
  OverviewResponse,
  WindowDetail,
} from '../api/dashboard.js';
import { letterOf } from '../api/statusLetters.js';
import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';
import { StoreError } from './storeError.js';

// The dashboard's reads. Table and column names of the platform come from the schema, quoted; the names a
// request carries are only ever bound as parameters. drift_results' own columns have fixed names.
//
// A model's latest run is the run that set its last_drift_run_at: the worker writes that time as the
// computed_at of every row of the model's run, in the same transaction. Joining on it lets DuckDB skip
// the older history by its min/max statistics instead of scanning all of drift_results.

/** What the store holds: model_metadata's columns, and whether there are runs to read. */
interface StoreShape {
  metadata: Set<string>;
  /** drift_results exists and model_metadata says when each model ran last. */
  runs: boolean;
  /** drift_results' columns (a table of an older build lacks the later ones until a run adds them). */
  results: Set<string>;
}

/** The store's shape, in one query (a request's reads start here); a StoreError without model_metadata. */
async function storeShape(engine: Engine, schema: Schema): Promise<StoreShape> {
  const rows = await engine.rows(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name IN (?, ?)`,
    [schema.modelMetadata, schema.driftResults],
  );
  const metadata = new Set(
    rows.filter(([table]) => table === schema.modelMetadata).map(([, c]) => String(c)),
  );
  if (metadata.size === 0) {
    throw new StoreError(`the database has no ${JSON.stringify(schema.modelMetadata)} table`);
  }
  const results = rows.some(([table]) => table === schema.driftResults);
  const resultColumns = new Set(
    rows.filter(([table]) => table === schema.driftResults).map(([, c]) => String(c)),
  );
  return { metadata, runs: results && metadata.has(schema.lastDriftRunAt), results: resultColumns };
}

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** SQL of a TIMESTAMP column as epoch milliseconds (DOUBLE). */
const epochMs = (column: string) => `epoch_ms(${column})::DOUBLE`;

/** drift_results rows `r` of their model's latest run; `m` is model_metadata. */
const latestRunJoin = (schema: Schema) =>
  `JOIN ${q(schema.driftResults)} r
     ON r.model_name = m.${q(schema.modelName)} AND r.computed_at = m.${q(schema.lastDriftRunAt)}`;

const isFeature = "FILTER (WHERE r.target = 'feature')";
/** The latest run's feature statuses, its worst feature and its PSI, and its performance status. */
const overviewAggregates = `list(r.status) ${isFeature}, arg_max(r.feature, r.psi) ${isFeature},
  max(r.psi) ${isFeature}, any_value(r.status) FILTER (WHERE r.target = 'performance')`;

/** Whether model_metadata has the model. */
async function modelExists(engine: Engine, schema: Schema, model: string): Promise<boolean> {
  const rows = await engine.rows(
    `SELECT count(*)::INTEGER FROM ${q(schema.modelMetadata)} WHERE ${q(schema.modelName)} = ?`,
    [model],
  );
  return Number(rows[0]?.[0]) > 0;
}

/** In the order of the model's features in model_metadata, then by name. */
function byFeatureOrder<T extends { feature: string }>(items: T[], order: readonly string[]): T[] {
  const rank = new Map(order.map((feature, i) => [feature, i]));
  const of = (feature: string) => rank.get(feature) ?? order.length;
  return items.sort((a, b) => of(a.feature) - of(b.feature) || (a.feature < b.feature ? -1 : 1));
}

/**
 * Every model with what the overview shows: status, score, last run, its features' statuses, its worst
 * feature, its performance status.
 */
export async function readOverview(engine: Engine, schema: Schema): Promise<OverviewModel[]> {
  const { metadata: columns, runs } = await storeShape(engine, schema);
  const optional = (column: string, sql: string) => (columns.has(column) ? sql : 'NULL');
  const rows = await engine.rows(
    `SELECT m.${q(schema.modelName)}::VARCHAR, m.${q(schema.status)}::VARCHAR,
            ${optional(schema.driftStatus, `m.${q(schema.driftStatus)}::VARCHAR`)},
            ${optional(schema.modelDriftScore, `m.${q(schema.modelDriftScore)}::DOUBLE`)},
            ${optional(schema.lastDriftRunAt, `epoch(m.${q(schema.lastDriftRunAt)})::DOUBLE`)},
            ${runs ? overviewAggregates : 'NULL, NULL, NULL, NULL'},
            ${optional(schema.baselineFrom, epochMs(`m.${q(schema.baselineFrom)}`))},
            ${optional(schema.baselineTo, epochMs(`m.${q(schema.baselineTo)}`))}
     FROM ${q(schema.modelMetadata)} m
     ${runs ? `LEFT ${latestRunJoin(schema)} AND r.target IN ('feature', 'performance')` : ''}
     GROUP BY ALL ORDER BY 1`,
  );
  type Row = [
    string,
    string | null,
    string | null,
    number | null,
    number | null,
    (string | null)[] | null,
    string | null,
    number | null,
    string | null,
    number | null,
    number | null,
  ];
  return (rows as Row[]).map(
    ([model, status, driftStatus, score, lastRunAt, statuses, worst, worstPsi, performance, from, to]) => {
      const features: Record<string, number> = {};
      for (const featureStatus of statuses ?? []) {
        if (featureStatus !== null) features[featureStatus] = (features[featureStatus] ?? 0) + 1;
      }
      return {
        model,
        status: status ?? '',
        driftStatus,
        score,
        lastRunAt,
        features,
        worst: worst === null ? null : { feature: worst, psi: worstPsi },
        performance,
        baseline:
          from === null || to === null ? null : { from: isoOf(from) as string, to: isoOf(to) as string },
      };
    },
  );
}

/** The overview: models per drift status among the production models ('none' before their first run). */
export function overviewOf(
  models: OverviewModel[],
  thresholds: OverviewResponse['thresholds'],
): OverviewResponse {
  const counts: Record<string, number> = {};
  for (const { status, driftStatus } of models) {
    if (status !== 'production') continue;
    const key = driftStatus ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { thresholds, counts, models };
}

/** Every model of model_metadata (or only `only`), with its latest run's feature and prediction rows. */
export async function readModels(engine: Engine, schema: Schema, only?: string): Promise<ModelSummary[]> {
  const { metadata: columns, runs } = await storeShape(engine, schema);
  const optional = (column: string, sql: string) => (columns.has(column) ? sql : 'NULL');
  const which = only === undefined ? '' : `WHERE m.${q(schema.modelName)} = ?`;
  const params = only === undefined ? [] : [only];
  const metadata = await engine.rows(
    `SELECT ${q(schema.modelName)}::VARCHAR, ${q(schema.status)}::VARCHAR, ${q(schema.features)},
            ${optional(schema.driftStatus, `${q(schema.driftStatus)}::VARCHAR`)},
            ${optional(schema.modelDriftScore, `${q(schema.modelDriftScore)}::DOUBLE`)},
            ${optional(schema.lastDriftRunAt, epochMs(q(schema.lastDriftRunAt)))}
     FROM ${q(schema.modelMetadata)} m ${which} ORDER BY 1`,
    params,
  );
  type MetadataRow = [string, string | null, string[] | null, string | null, number | null, number | null];
  const models = (metadata as MetadataRow[]).map(
    ([model, status, features, driftStatus, driftScore, lastRunAt]) => {
      const summary: ModelSummary = {
        model,
        status: status ?? '',
        driftStatus,
        driftScore,
        lastRunAt: isoOf(lastRunAt),
        runId: null,
        features: [],
        prediction: null,
      };
      return { order: features ?? [], summary };
    },
  );
  if (!runs) return models.map((m) => m.summary);

  const latest = await engine.rows(
    `SELECT r.model_name, r.run_id, r.target, r.feature, r.psi, r.ks_statistic, r.ks_pvalue, r.status,
            r.quality_status, r.quality_signal, r.status_source
     FROM ${q(schema.modelMetadata)} m ${latestRunJoin(schema)} ${which}`,
    params,
  );
  type LatestRow = [
    string,
    string,
    string,
    string | null,
    number | null,
    number | null,
    number | null,
    string,
    string | null,
    string | null,
    string | null,
  ];
  const byModel = new Map(models.map((m) => [m.summary.model, m.summary]));
  for (const [
    model,
    runId,
    target,
    feature,
    psi,
    ksStatistic,
    ksPValue,
    status,
    ...quality
  ] of latest as LatestRow[]) {
    const summary = byModel.get(model);
    if (!summary) continue;
    summary.runId = runId;
    if (feature === null || (target !== 'feature' && target !== 'prediction')) continue;
    const [qualityStatus, qualitySignal, statusSource] = quality;
    const row: FeatureSummary = {
      feature,
      psi,
      ksStatistic,
      ksPValue,
      status,
      quality:
        qualityStatus === null
          ? null
          : { status: qualityStatus, signal: qualitySignal, decided: statusSource === 'quality' },
    };
    if (target === 'prediction') summary.prediction = row;
    else summary.features.push(row);
  }
  for (const { order, summary } of models) byFeatureOrder(summary.features, order);
  return models.map((m) => m.summary);
}

/** A PSI for a trend line: 4 significant digits keep the JSON small. */
const trendValue = (value: number | null) => (value === null ? null : Number(value.toPrecision(4)));

/**
 * The model's runs in the `days` days up to its latest run, oldest first, as columns: the runs' times
 * (epoch seconds), statuses and scores, and each feature's PSI and status in them. Null for an unknown model.
 */
export async function readHistory(
  engine: Engine,
  schema: Schema,
  model: string,
  days: number,
): Promise<HistoryResponse | null> {
  return (await readHistories(engine, schema, days, model)).get(model) ?? null;
}

/** readHistory of every model of model_metadata (or only `only`), by model, in one query. */
export async function readHistories(
  engine: Engine,
  schema: Schema,
  days: number,
  only?: string,
): Promise<Map<string, HistoryResponse>> {
  const { metadata: columns, runs } = await storeShape(engine, schema);
  const which = only === undefined ? '' : `WHERE ${q(schema.modelName)} = ?`;
  const params = only === undefined ? [] : [only];
  const models = await engine.rows(
    `SELECT ${q(schema.modelName)}::VARCHAR, ${q(schema.features)},
            ${columns.has(schema.lastDriftRunAt) ? epochMs(q(schema.lastDriftRunAt)) : 'NULL'}
     FROM ${q(schema.modelMetadata)} ${which}`,
    params,
  );
  const histories = new Map<string, HistoryBuilder>();
  for (const [model, order] of models as [string, string[] | null][]) {
    histories.set(model, historyBuilder(model, days, order ?? []));
  }
  const ends = (models as [string, unknown, number | null][]).flatMap(([, , lastMs]) =>
    lastMs === null ? [] : [lastMs],
  );
  if (ends.length > 0 && runs) {
    // The earliest start bound as a value, so that DuckDB skips older runs' row groups by their min/max.
    const rows = await engine.rows(
      `SELECT r.model_name, epoch(r.computed_at)::DOUBLE, r.target, r.feature, r.psi, r.model_score, r.status
       FROM ${q(schema.modelMetadata)} m JOIN ${q(schema.driftResults)} r ON r.model_name = m.${q(schema.modelName)}
       WHERE r.target IN ('model', 'feature') AND r.computed_at > ?::TIMESTAMP
         AND r.computed_at > m.${q(schema.lastDriftRunAt)} - to_days(?::INTEGER)
         AND r.computed_at <= m.${q(schema.lastDriftRunAt)} ${only === undefined ? '' : `AND m.${q(schema.modelName)} = ?`}
       ORDER BY r.model_name, r.computed_at, r.target DESC, r.feature`,
      [new Date(Math.min(...ends) - days * 86_400_000), days, ...params],
    );
    type Row = [string, number, string, string | null, number | null, number | null, string];
    for (const [model, seconds, target, feature, psi, score, status] of rows as Row[]) {
      histories.get(model)?.add(seconds, target, feature, psi, score, status);
    }
  }
  return new Map([...histories].map(([model, builder]) => [model, builder.done()]));
}

interface HistoryBuilder {
  add(
    seconds: number,
    target: string,
    feature: string | null,
    psi: number | null,
    score: number | null,
    status: string,
  ): void;
  done(): HistoryResponse;
}

/** Collects a model's rows, in time order, into the columns of its history. */
function historyBuilder(model: string, days: number, order: readonly string[]): HistoryBuilder {
  const times: number[] = [];
  const scores: (number | null)[] = [];
  const statuses: string[] = [];
  const features = new Map<string, { feature: string; psi: (number | null)[]; statuses: string[] }>();
  return {
    add(seconds, target, feature, psi, score, status) {
      if (times[times.length - 1] !== seconds) {
        times.push(seconds);
        scores.push(null);
        statuses.push('-');
      }
      const run = times.length - 1;
      if (target === 'model') {
        scores[run] = trendValue(score);
        statuses[run] = letterOf(status);
      } else if (feature !== null) {
        let series = features.get(feature);
        if (!series) {
          series = { feature, psi: [], statuses: [] };
          features.set(feature, series);
        }
        series.psi[run] = trendValue(psi);
        series.statuses[run] = letterOf(status);
      }
    },
    done: () => ({
      model,
      days,
      times,
      statuses: statuses.join(''),
      scores,
      features: byFeatureOrder([...features.values()], order).map(({ feature, psi, statuses }) => ({
        feature,
        psi: Array.from({ length: times.length }, (_, i) => psi[i] ?? null),
        statuses: Array.from({ length: times.length }, (_, i) => statuses[i] ?? '-').join(''),
      })),
    }),
  };
}

/** A column of the detail query: its name in DetailRow and its SQL (the column itself when absent). */
type DetailColumn = readonly [keyof DetailRow, string?];

const windowColumns = (side: 'reference' | 'current'): DetailColumn[] => [
  [`${side}_histogram`],
  [`${side}_count`, `${side}_count::DOUBLE`],
  [`${side}_missing`, `${side}_missing::DOUBLE`],
  [`${side}_mean`],
  [`${side}_min`],
  [`${side}_max`],
  [`${side}_first_time`, epochMs(`${side}_first_time`)],
  [`${side}_last_time`, epochMs(`${side}_last_time`)],
];

/** The seasonal reference's and the gate's columns (docs/signal.md). */
const signalColumns = [
  'seasonality',
  'seasonality_reason',
  'reference_phase',
  'gate_dispersion',
  'gate_windows',
  'gate_pvalue',
  'gate_pvalue_adjusted',
  'status_before_gate',
] as const;

const detailColumns: readonly DetailColumn[] = [
  ['run_id'],
  ['computed_at', epochMs('computed_at')],
  ...(
    [
      'kind',
      'status',
      'message',
      'bin_edges',
      'categories',
      'ks_statistic',
      'ks_pvalue',
      'ks_method',
    ] as const
  ).map((name): DetailColumn => [name]),
  ...(['psi', 'kl_divergence', 'js_distance', 'wasserstein', 'chi2_statistic', 'chi2_pvalue'] as const).map(
    (name): DetailColumn => [name],
  ),
  ['chi2_dof', 'chi2_dof::DOUBLE'],
  ...windowColumns('reference'),
  ...windowColumns('current'),
  ...signalColumns.map((name): DetailColumn => [name]),
];

type WindowFields<S extends string> = { [K in `${S}_histogram`]: number[] | null } & {
  [K in `${S}_${'count' | 'missing' | 'mean' | 'min' | 'max' | 'first_time' | 'last_time'}`]: number | null;
};

interface DetailRow extends WindowFields<'reference'>, WindowFields<'current'> {
  run_id: string;
  computed_at: number;
  kind: 'numeric' | 'categorical' | null;
  status: string;
  message: string | null;
  bin_edges: number[] | null;
  categories: string[] | null;
  ks_statistic: number | null;
  ks_pvalue: number | null;
  ks_method: string | null;
  psi: number | null;
  kl_divergence: number | null;
  js_distance: number | null;
  wasserstein: number | null;
  chi2_statistic: number | null;
  chi2_pvalue: number | null;
  chi2_dof: number | null;
  seasonality: string | null;
  seasonality_reason: string | null;
  reference_phase: string | null;
  gate_dispersion: number | null;
  gate_windows: number | null;
  gate_pvalue: number | null;
  gate_pvalue_adjusted: number | null;
  status_before_gate: string | null;
}

function windowOf(row: DetailRow, side: 'reference' | 'current'): WindowDetail {
  return {
    histogram: row[`${side}_histogram` as const] ?? [],
    count: row[`${side}_count` as const],
    missing: row[`${side}_missing` as const],
    mean: row[`${side}_mean` as const],
    min: row[`${side}_min` as const],
    max: row[`${side}_max` as const],
    firstTime: isoOf(row[`${side}_first_time` as const]),
    lastTime: isoOf(row[`${side}_last_time` as const]),
  };
}

/** The feature's row in its model's latest run; 'unknown_model' or 'unknown_feature' when there is none. */
export async function readFeatureDetail(
  engine: Engine,
  schema: Schema,
  model: string,
  feature: string,
): Promise<FeatureDetailResponse | 'unknown_model' | 'unknown_feature'> {
  const [detail] = await readFeatureDetails(engine, schema, { model, feature });
  if (detail !== undefined) return detail;
  return (await modelExists(engine, schema, model)) ? 'unknown_feature' : 'unknown_model';
}

/** Every feature's row in its model's latest run (or only `only`'s), in one query. */
export async function readFeatureDetails(
  engine: Engine,
  schema: Schema,
  only?: { model: string; feature: string },
): Promise<FeatureDetailResponse[]> {
  const shape = await storeShape(engine, schema);
  if (!shape.runs) return [];
  // A column a run of this build adds reads as NULL until then.
  const select = ([name, sql]: DetailColumn) =>
    (signalColumns as readonly string[]).includes(name) && !shape.results.has(name)
      ? `NULL AS ${name}`
      : (sql ?? name);
  const rows = await engine.rows(
    `SELECT model_name, feature, ${detailColumns.map(select).join(', ')}
     FROM (SELECT r.* FROM ${q(schema.modelMetadata)} m ${latestRunJoin(schema)}
           WHERE r.target = 'feature' ${only === undefined ? '' : `AND m.${q(schema.modelName)} = ? AND r.feature = ?`})`,
    only === undefined ? [] : [only.model, only.feature],
  );
  return rows.map(([model, feature, ...values]) =>
    detailOf(
      String(model),
      String(feature),
      Object.fromEntries(detailColumns.map(([name], i) => [name, values[i]])) as unknown as DetailRow,
    ),
  );
}

function detailOf(model: string, feature: string, row: DetailRow): FeatureDetailResponse {
  const reference = windowOf(row, 'reference');
  const current = windowOf(row, 'current');
  const labelled =
    row.kind === 'categorical' ? (row.categories?.length ?? 0) : (row.bin_edges?.length ?? 0) + 1;
  return {
    model,
    feature,
    runId: row.run_id,
    computedAt: new Date(row.computed_at).toISOString(),
    kind: row.kind,
    status: row.status,
    message: row.message,
    binEdges: row.bin_edges,
    categories: row.categories,
    missingBin: reference.histogram.length > labelled,
    reference,
    current,
    ks:
      row.ks_statistic === null
        ? null
        : { statistic: row.ks_statistic, pvalue: row.ks_pvalue, method: row.ks_method },
    psi: row.psi,
    kl: row.kl_divergence,
    js: row.js_distance,
    wasserstein: row.wasserstein,
    chi2:
      row.chi2_statistic === null
        ? null
        : { statistic: row.chi2_statistic, pvalue: row.chi2_pvalue, dof: row.chi2_dof },
    signal:
      row.seasonality === null && row.status_before_gate === null
        ? null
        : {
            cycle: row.seasonality,
            reason: row.seasonality_reason,
            referencePhase: row.reference_phase,
            dispersion: row.gate_dispersion,
            windows: row.gate_windows,
            pvalue: row.gate_pvalue,
            pvalueAdjusted: row.gate_pvalue_adjusted,
            statusBeforeGate: row.status_before_gate,
          },
  };
}
