import { existsSync, rmSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface DemoOptions {
  /** Rows of the largest feature table; the other tables are scaled from it. */
  largestTableRows: number;
  /** The same seed gives the same database. */
  seed: number;
}

/** A distribution change planted in the newest 5% of a model's rows by timestamp. */
export interface PlantedDrift {
  model: string;
  /** null is the model's prediction in model_events. */
  feature: string | null;
  kind: 'numeric' | 'categorical';
}

/** A model whose events carry labels; `performanceFalls`: its newest 5% score unrelated to their labels. */
export interface LabelledModel {
  model: string;
  performanceFalls: boolean;
}

/** A model whose reference is pinned to its training period: model_metadata's baseline columns. */
export interface PinnedModel {
  model: string;
  /** ISO 8601 timestamps of [from, to). */
  from: string;
  to: string;
}

/** Drift of archived models is listed too: the worker has to ignore it. */
export interface DemoManifest {
  production: string[];
  archived: string[];
  drifted: PlantedDrift[];
  clean: { model: string; feature: string }[];
  labelled: LabelledModel[];
  pinned: PinnedModel[];
}

const defaultDemoOptions: Readonly<DemoOptions> = Object.freeze({ largestTableRows: 1_000_000, seed: 42 });

const firstEventTime = '2025-01-01 00:00:00';
const spanMicros = 90 * 24 * 3600 * 1_000_000;

interface FeatureSpec {
  name: string;
  type: 'DOUBLE' | 'INTEGER' | 'VARCHAR';
  /** SQL over the draw columns and `newest`. */
  values: string;
  drift?: PlantedDrift['kind'];
}

interface ModelDefinition {
  name: string;
  status: 'production' | 'archived';
  table: string;
  timestampColumn: string;
  rows: number;
  /** Its training period, as SQL timestamps: the reference instead of the 50-70% slice. */
  baseline?: { from: string; to: string };
}

interface ModelColumns {
  features: FeatureSpec[];
  /** `labels`: SQL of the label (0, 1 or NULL until known) when the model has them. */
  predictions?: { values: string; drifted: boolean; labels?: { values: string; performanceFalls: boolean } };
}

interface ModelSpec extends ModelDefinition, ModelColumns {
  /** Every draw column the SQL of the model refers to, as `expression AS uN`. */
  draws: string[];
  jitter: string;
  shuffle: string;
}

/**
 * Hands out independent uniform draws as columns of the generating query. DuckDB's multi-argument hash
 * combines by XOR, so hash(r, 1) and hash(r, 2) differ by a constant: hashing the result again decorrelates
 * the streams.
 */
function drawsFor(modelIndex: number) {
  const draws: string[] = [];
  const uniform = () => {
    const column = `u${draws.length}`;
    draws.push(`demo_uniform(r, ${modelIndex}, ${draws.length}) AS ${column}`);
    return column;
  };
  const normal = () => `(sqrt(-2 * ln(${uniform()})) * cos(2 * pi() * ${uniform()}))`;
  return { draws, uniform, normal };
}

type Draws = ReturnType<typeof drawsFor>;

function inNewest(drifted: string, otherwise: string): string {
  return `CASE WHEN newest THEN ${drifted} ELSE ${otherwise} END`;
}

function levels(u: string, shares: Record<string, number>): string {
  const entries = Object.entries(shares);
  let cumulative = 0;
  const branches = entries.map(([level, share], i) => {
    if (i === entries.length - 1) return `ELSE ${sqlString(level)}`;
    cumulative += share;
    return `WHEN ${u} < ${cumulative} THEN ${sqlString(level)}`;
  });
  return `CASE ${branches.join(' ')} END`;
}

function withMissing(d: Draws, values: string, nullShare: number, nanShare = 0): string {
  const u = d.uniform();
  const nan = nanShare > 0 ? ` WHEN ${u} < ${nullShare + nanShare} THEN 'NaN'::DOUBLE` : '';
  return `CASE WHEN ${u} < ${nullShare} THEN NULL${nan} ELSE ${values} END`;
}

/**
 * A label drawn as 1 with the given probability, and NULL (not known yet) for a fifth of the events. A
 * calibrated model's prediction as the probability keeps its performance; an unrelated one breaks it.
 */
function labelsOf(d: Draws, probability: string): string {
  return `CASE WHEN ${d.uniform()} < 0.2 THEN NULL WHEN ${d.uniform()} < ${probability} THEN 1 ELSE 0 END`;
}

function model(index: number, definition: ModelDefinition, columns: (d: Draws) => ModelColumns): ModelSpec {
  const d = drawsFor(index);
  const { features, predictions } = columns(d);
  const jitter = d.uniform();
  const shuffle = d.uniform();
  return {
    ...definition,
    features,
    ...(predictions ? { predictions } : {}),
    draws: d.draws,
    jitter,
    shuffle,
  };
}

function demoModels(largestTableRows: number): ModelSpec[] {
  const scaled = (share: number) => Math.round(largestTableRows * share);
  const logistic = (logit: string) => `1 / (1 + exp(-(${logit})))`;
  return [
    model(
      0,
      {
        name: 'fraud_detector',
        status: 'production',
        table: 'fraud_features',
        timestampColumn: 'event_time',
        rows: largestTableRows,
      },
      (d) => {
        const channel = d.uniform();
        const score = logistic(`-3 + 1.2 * ${d.normal()}`);
        return {
          features: [
            {
              name: 'transaction_amount',
              type: 'DOUBLE',
              values: `round(exp(3.5 + 1.1 * ${d.normal()}), 2)`,
            },
            { name: 'account_age_days', type: 'INTEGER', values: `floor(-730 * ln(${d.uniform()}))` },
            {
              name: 'merchant_risk_score',
              type: 'DOUBLE',
              values: withMissing(d, `round(pow(${d.uniform()}, 2), 4)`, 0.03, 0.002),
            },
            {
              name: 'channel',
              type: 'VARCHAR',
              values: inNewest(
                levels(channel, { web: 0.25, ios: 0.3, android: 0.45 }),
                levels(channel, { web: 0.5, ios: 0.3, android: 0.2 }),
              ),
              drift: 'categorical',
            },
            {
              name: 'country',
              type: 'VARCHAR',
              values: withMissing(
                d,
                levels(d.uniform(), { US: 0.4, GB: 0.15, DE: 0.15, FR: 0.1, IN: 0.12, BR: 0.08 }),
                0.01,
              ),
            },
            { name: 'items_in_basket', type: 'INTEGER', values: `1 + floor(-2 * ln(${d.uniform()}))` },
            { name: 'hour_of_day', type: 'INTEGER', values: `floor(24 * ${d.uniform()})` },
            {
              name: 'amount_zscore',
              type: 'DOUBLE',
              values: `${d.normal()} + ${inNewest('0.4', '0')}`,
              drift: 'numeric',
            },
          ],
          // The score keeps its distribution while it stops ranking the newest outcomes: only the labels see it.
          predictions: {
            values: score,
            drifted: false,
            labels: {
              values: labelsOf(d, inNewest(logistic(`-3 + 1.2 * ${d.normal()}`), score)),
              performanceFalls: true,
            },
          },
        };
      },
    ),
    model(
      1,
      {
        name: 'churn_predictor',
        status: 'production',
        table: 'churn_features',
        timestampColumn: 'ts',
        rows: scaled(0.3),
        // Trained on the first month: that month is its reference, stored once by the first run.
        baseline: { from: '2025-01-01 00:00:00', to: '2025-02-01 00:00:00' },
      },
      (d) => {
        const score = logistic(`-1.2 + 0.9 * (${d.normal()} + ${inNewest('0.6', '0')})`);
        return {
          features: [
            { name: 'tenure_months', type: 'INTEGER', values: `1 + floor(72 * ${d.uniform()})` },
            {
              name: 'monthly_charges',
              type: 'DOUBLE',
              values: `round(90 + 12 * ${inNewest('1.8', '1')} * ${d.normal()}, 2)`,
              drift: 'numeric',
            },
            {
              name: 'support_tickets',
              type: 'INTEGER',
              values: withMissing(d, `floor(-1.5 * ln(${d.uniform()}))`, 0.05),
            },
            {
              name: 'plan_type',
              type: 'VARCHAR',
              values: levels(d.uniform(), { basic: 0.5, standard: 0.35, premium: 0.15 }),
            },
            {
              name: 'days_since_last_login',
              type: 'DOUBLE',
              values: withMissing(d, `round(-10 * ln(${d.uniform()}), 1)`, 0.04),
            },
          ],
          // Calibrated throughout: its predictions drift, its realized performance holds.
          predictions: {
            values: score,
            drifted: true,
            labels: { values: labelsOf(d, score), performanceFalls: false },
          },
        };
      },
    ),
    model(
      2,
      {
        name: 'demand_forecaster',
        status: 'production',
        table: 'demand_features',
        timestampColumn: 'event_time',
        rows: scaled(0.1),
      },
      (d) => ({
        features: [
          { name: 'temperature_c', type: 'DOUBLE', values: `round(14 + 9 * ${d.normal()}, 1)` },
          { name: 'unit_price', type: 'DOUBLE', values: `round(exp(1.5 + 0.4 * ${d.normal()}), 2)` },
          {
            name: 'store_region',
            type: 'VARCHAR',
            values: levels(d.uniform(), { north: 0.3, south: 0.25, east: 0.25, west: 0.2 }),
          },
          { name: 'day_of_week', type: 'INTEGER', values: `floor(7 * ${d.uniform()})` },
          {
            name: 'units_sold_last_week',
            type: 'INTEGER',
            values: withMissing(d, `floor(-40 * ln(${d.uniform()}))`, 0.02),
          },
        ],
      }),
    ),
    model(
      3,
      {
        name: 'legacy_scorer',
        status: 'archived',
        table: 'legacy_features',
        timestampColumn: 'event_time',
        rows: scaled(0.1),
      },
      (d) => {
        const segment = d.uniform();
        return {
          features: [
            {
              name: 'credit_score',
              type: 'INTEGER',
              values: `650 + 80 * (${d.normal()} + ${inNewest('0.7', '0')})`,
              drift: 'numeric',
            },
            { name: 'annual_income', type: 'DOUBLE', values: `round(exp(10.8 + 0.5 * ${d.normal()}))` },
            {
              name: 'customer_segment',
              type: 'VARCHAR',
              values: inNewest(
                levels(segment, { retail: 0.35, smb: 0.35, enterprise: 0.3 }),
                levels(segment, { retail: 0.6, smb: 0.3, enterprise: 0.1 }),
              ),
              drift: 'categorical',
            },
            { name: 'open_accounts', type: 'INTEGER', values: `floor(-3 * ln(${d.uniform()}))` },
            {
              name: 'utilization_ratio',
              type: 'DOUBLE',
              values: withMissing(d, `round(${d.uniform()}, 3)`, 0.05),
            },
          ],
        };
      },
    ),
  ];
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Row r is the r-th oldest. The drift starts at rank floor(0.95·N), in integers, where the worker's current
 * window starts. Timestamps are distinct and increasing in r; the rows are stored in a shuffled order so that
 * a reader has to rank them by timestamp, with r breaking ties so that the stored order is reproducible too.
 */
function generatedRows(spec: ModelSpec, select: (eventTime: string) => string[]): string {
  const step = Math.floor(spanMicros / spec.rows);
  const newestFrom = Math.floor((spec.rows * 19) / 20);
  const eventTime = `TIMESTAMP '${firstEventTime}' + to_microseconds(r * ${step} + floor(${spec.jitter} * ${step})::BIGINT)`;
  return `SELECT ${select(eventTime).join(', ')}
    FROM (SELECT r, r >= ${newestFrom} AS newest, ${spec.draws.join(', ')} FROM range(${spec.rows}) AS rows(r))
    ORDER BY ${spec.shuffle}, r`;
}

async function createTables(connection: DuckDBConnection, models: ModelSpec[], seed: number): Promise<void> {
  await connection.run(
    `CREATE TEMP MACRO demo_uniform(r, model, stream) AS
       ((hash(hash(r, model, stream, ${seed})) >> 11)::DOUBLE + 0.5) / 9007199254740992.0`,
  );
  await connection.run(`CREATE TABLE model_metadata (
    model_name VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,
    features VARCHAR[] NOT NULL,
    feature_table VARCHAR NOT NULL,
    timestamp_column VARCHAR NOT NULL DEFAULT 'event_time',
    model_drift_score DOUBLE,
    feature_drift_scores MAP(VARCHAR, DOUBLE),
    drift_status VARCHAR,
    last_drift_run_at TIMESTAMP,
    baseline_from TIMESTAMP,
    baseline_to TIMESTAMP)`);
  await connection.run(
    'CREATE TABLE model_events (model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE, label DOUBLE)',
  );
  for (const spec of models) {
    const features = `[${spec.features.map((f) => sqlString(f.name)).join(', ')}]`;
    const pin = (time: string | undefined) => (time === undefined ? 'NULL' : `TIMESTAMP ${sqlString(time)}`);
    await connection.run(
      `INSERT INTO model_metadata (model_name, status, features, feature_table, timestamp_column, baseline_from, baseline_to)
       VALUES (${sqlString(spec.name)}, ${sqlString(spec.status)}, ${features}, ${sqlString(spec.table)},
               ${sqlString(spec.timestampColumn)}, ${pin(spec.baseline?.from)}, ${pin(spec.baseline?.to)})`,
    );
    await connection.run(
      `CREATE TABLE ${quote(spec.table)} AS ${generatedRows(spec, (eventTime) => [
        `${eventTime} AS ${quote(spec.timestampColumn)}`,
        ...spec.features.map((f) => `(${f.values})::${f.type} AS ${quote(f.name)}`),
      ])}`,
    );
    const { predictions } = spec;
    if (predictions) {
      await connection.run(
        `INSERT INTO model_events ${generatedRows(spec, (eventTime) => [
          sqlString(spec.name),
          eventTime,
          predictions.values,
          predictions.labels?.values ?? 'NULL',
        ])}`,
      );
    }
  }
}

function manifestOf(models: ModelSpec[]): DemoManifest {
  const named = (status: ModelSpec['status']) => models.filter((m) => m.status === status).map((m) => m.name);
  const drifted: PlantedDrift[] = [];
  const clean: DemoManifest['clean'] = [];
  const labelled: LabelledModel[] = [];
  const pinned: PinnedModel[] = [];
  for (const { name, features, predictions, baseline } of models) {
    const iso = (time: string) => new Date(`${time.replace(' ', 'T')}Z`).toISOString();
    if (baseline) pinned.push({ model: name, from: iso(baseline.from), to: iso(baseline.to) });
    const labels = predictions?.labels;
    if (labels) labelled.push({ model: name, performanceFalls: labels.performanceFalls });
    for (const { name: feature, drift } of features) {
      if (drift) drifted.push({ model: name, feature, kind: drift });
      else clean.push({ model: name, feature });
    }
    if (predictions?.drifted) drifted.push({ model: name, feature: null, kind: 'numeric' });
  }
  return { production: named('production'), archived: named('archived'), drifted, clean, labelled, pinned };
}

/**
 * Creates a new DuckDB file with the demo models, their feature tables and inference log, generated in SQL.
 * A file that already exists is never touched; a half-written one is removed when generation fails.
 */
export async function createDemoDatabase(
  path: string,
  options: Partial<DemoOptions> = {},
): Promise<DemoManifest> {
  const { largestTableRows, seed } = { ...defaultDemoOptions, ...options };
  // The smallest table holds a tenth of the rows: 1000 leaves its newest 5% five rows.
  if (!Number.isInteger(largestTableRows) || largestTableRows < 1000) {
    throw new RangeError(`largestTableRows must be an integer of at least 1000, got ${largestTableRows}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (existsSync(path)) {
    throw new Error(`${path} already exists; the demo database is only written to a new file`);
  }
  const models = demoModels(largestTableRows);
  const instance = await DuckDBInstance.create(path);
  try {
    const connection = await instance.connect();
    try {
      await createTables(connection, models, seed);
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    instance.closeSync();
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    throw error;
  }
  instance.closeSync();
  return manifestOf(models);
}
