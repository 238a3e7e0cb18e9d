import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import type {
  FeatureDetailResponse,
  FeatureSummary,
  HistoryResponse,
  ModelSummary,
  WindowDetail,
} from '../web/api.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';
import { StoreError } from './storeError.js';

// The dashboard's reads. Table and column names of the platform come from the schema, quoted; the names a
// request carries are only ever bound as parameters. drift_results' own columns have fixed names.

/** The columns of a table of the current schema; empty when there is no such table. */
async function columnsOf(engine: Engine, table: string): Promise<Set<string>> {
  const rows = await engine.rows(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ?`,
    [table],
  );
  return new Set(rows.map(([name]) => String(name)));
}

async function metadataColumns(engine: Engine, schema: Schema): Promise<Set<string>> {
  const columns = await columnsOf(engine, schema.modelMetadata);
  if (columns.size === 0) {
    throw new StoreError(`the database has no ${JSON.stringify(schema.modelMetadata)} table`);
  }
  return columns;
}

const hasResults = async (engine: Engine, schema: Schema) =>
  (await columnsOf(engine, schema.driftResults)).size > 0;

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** SQL of a TIMESTAMP column as epoch milliseconds (DOUBLE). */
const epochMs = (column: string) => `epoch_ms(${column})::DOUBLE`;

/** Whether model_metadata has the model. */
export async function modelExists(engine: Engine, schema: Schema, model: string): Promise<boolean> {
  await metadataColumns(engine, schema);
  const rows = await engine.rows(
    `SELECT count(*)::INTEGER FROM ${q(schema.modelMetadata)} WHERE ${q(schema.modelName)} = ?`,
    [model],
  );
  return Number(rows[0]?.[0]) > 0;
}

/** In the order of the model's features in model_metadata, then by name. */
function byFeatureOrder<T extends { feature: string }>(items: T[], order: readonly string[]): T[] {
  const rank = (feature: string) => {
    const i = order.indexOf(feature);
    return i < 0 ? order.length : i;
  };
  return items.sort((a, b) => rank(a.feature) - rank(b.feature) || (a.feature < b.feature ? -1 : 1));
}

/** Every model of model_metadata, with its latest run's feature and prediction rows. */
export async function readModels(engine: Engine, schema: Schema): Promise<ModelSummary[]> {
  const columns = await metadataColumns(engine, schema);
  const optional = (column: string, sql: string) => (columns.has(column) ? sql : 'NULL');
  const metadata = await engine.rows(
    `SELECT ${q(schema.modelName)}::VARCHAR, ${q(schema.status)}::VARCHAR, ${q(schema.features)},
            ${optional(schema.driftStatus, `${q(schema.driftStatus)}::VARCHAR`)},
            ${optional(schema.modelDriftScore, `${q(schema.modelDriftScore)}::DOUBLE`)},
            ${optional(schema.lastDriftRunAt, epochMs(q(schema.lastDriftRunAt)))}
     FROM ${q(schema.modelMetadata)} ORDER BY 1`,
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
  if (!(await hasResults(engine, schema))) return models.map((m) => m.summary);

  const results = q(schema.driftResults);
  const latest = await engine.rows(
    `WITH latest AS (
       SELECT model_name, arg_max(run_id, computed_at) AS run_id FROM ${results}
       WHERE target = 'model' GROUP BY model_name)
     SELECT l.model_name, l.run_id, r.target, r.feature, r.psi, r.ks_statistic, r.ks_pvalue, r.status
     FROM latest l LEFT JOIN ${results} r
       ON r.model_name = l.model_name AND r.run_id = l.run_id AND r.target IN ('feature', 'prediction')`,
  );
  type LatestRow = [
    string,
    string,
    string | null,
    string | null,
    number | null,
    number | null,
    number | null,
    string | null,
  ];
  const byModel = new Map(models.map((m) => [m.summary.model, m.summary]));
  for (const [model, runId, target, feature, psi, ksStatistic, ksPValue, status] of latest as LatestRow[]) {
    const summary = byModel.get(model);
    if (!summary) continue;
    summary.runId = runId;
    if (feature === null || status === null) continue;
    const row: FeatureSummary = { feature, psi, ksStatistic, ksPValue, status };
    if (target === 'prediction') summary.prediction = row;
    else summary.features.push(row);
  }
  for (const { order, summary } of models) byFeatureOrder(summary.features, order);
  return models.map((m) => m.summary);
}

/** The model's latest `maxRuns` runs, oldest first, and each feature's PSI in them; null for an unknown model. */
export async function readHistory(
  engine: Engine,
  schema: Schema,
  model: string,
  maxRuns: number,
): Promise<HistoryResponse | null> {
  if (!Number.isSafeInteger(maxRuns) || maxRuns < 1)
    throw new RangeError(`maxRuns must be positive, got ${maxRuns}`);
  if (!(await modelExists(engine, schema, model))) return null;
  const history: HistoryResponse = { model, runs: [], features: [] };
  if (!(await hasResults(engine, schema))) return history;
  const results = q(schema.driftResults);
  const rows = await engine.rows(
    `WITH runs AS (
       SELECT run_id, computed_at FROM ${results} WHERE model_name = ? AND target = 'model'
       ORDER BY computed_at DESC, run_id DESC LIMIT ${maxRuns})
     SELECT r.run_id, ${epochMs('runs.computed_at')}, r.target, r.feature, r.psi, r.model_score, r.status
     FROM ${results} r JOIN runs USING (run_id)
     WHERE r.model_name = ? AND r.target IN ('model', 'feature')
     ORDER BY runs.computed_at, r.run_id, r.feature`,
    [model, model],
  );
  type Row = [string, number, string, string | null, number | null, number | null, string];
  const features = new Map<string, HistoryResponse['features'][number]>();
  for (const [runId, ms, target, feature, psi, score, status] of rows as Row[]) {
    const computedAt = new Date(ms).toISOString();
    if (target === 'model') {
      history.runs.push({ runId, computedAt, status, score });
    } else if (feature !== null) {
      let series = features.get(feature);
      if (!series) {
        series = { feature, points: [] };
        features.set(feature, series);
      }
      series.points.push({ runId, computedAt, psi, status });
    }
  }
  history.features = byFeatureOrder([...features.values()], await featureOrder(engine, schema, model));
  return history;
}

async function featureOrder(engine: Engine, schema: Schema, model: string): Promise<string[]> {
  const rows = await engine.rows(
    `SELECT ${q(schema.features)} FROM ${q(schema.modelMetadata)} WHERE ${q(schema.modelName)} = ?`,
    [model],
  );
  return (rows[0]?.[0] as string[] | null | undefined) ?? [];
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

/** The feature's newest row in drift_results; 'unknown_model' or 'unknown_feature' when there is none. */
export async function readFeatureDetail(
  engine: Engine,
  schema: Schema,
  model: string,
  feature: string,
): Promise<FeatureDetailResponse | 'unknown_model' | 'unknown_feature'> {
  if (!(await modelExists(engine, schema, model))) return 'unknown_model';
  if (!(await hasResults(engine, schema))) return 'unknown_feature';
  const [values] = await engine.rows(
    `SELECT ${detailColumns.map(([name, sql]) => sql ?? name).join(', ')}
     FROM ${q(schema.driftResults)}
     WHERE model_name = ? AND feature = ? AND target = 'feature'
     ORDER BY computed_at DESC, run_id DESC LIMIT 1`,
    [model, feature],
  );
  const row =
    values &&
    (Object.fromEntries(detailColumns.map(([name], i) => [name, values[i]])) as unknown as DetailRow);
  if (row === undefined) return 'unknown_feature';
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
  };
}
