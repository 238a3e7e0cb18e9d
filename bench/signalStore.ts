// The signal bench's stores (issue 18.4), generated in DuckDB SQL from a seed: the same size and seed give
// the same rows. Models of two traffic levels (a row every 10 s or every 60 s) over `days` days from a
// Monday 00:00 UTC, each with its own feature table and its predictions and labels in model_events, the
// reference pinned to the first `pinnedDays` days (model_metadata's baseline columns).
//
// Every model's features follow the same cycles, with noise of its own:
// - load: a daily cycle (rising by day, peak at 15:00, trough at 03:00, amplitude 25-35) plus noise σ 10;
// - latency_ms: a mild daily swing (±6, 0.24 of its noise σ 25);
// - basket_size: an integer, mean about 3 on weekdays and 4.5 at weekends;
// - channel: web / ios / android, web's share 0.2 at 01:00 to 0.6 at 13:00, ios 0.2 always;
// - region (eu / us / asia), session_seconds (2% missing), amount, risk: stationary.
// The prediction is a calibrated probability with a mild daily swing; the label is drawn from it.
//
// A drifted model carries one planted change in one feature from `onset` (an hour boundary) on; every
// other model does not drift at all. σ is a feature's noise σ (its spread within an hour of the day).
import { DuckDBInstance } from '@duckdb/node-api';

export interface DriftKind {
  id: string;
  what: string;
  size: string;
  feature: string;
  /** The share of drifted model-hours the bench expects flagged; none: reported only. */
  target?: number;
}

/** The planted drifts: each in its own models, from the onset to the end of the data. */
export const driftKinds: readonly DriftKind[] = [
  { id: 'mean05', what: 'mean shift', size: '0.5σ', feature: 'load' },
  { id: 'mean1', what: 'mean shift', size: '1σ', feature: 'load', target: 0.9 },
  { id: 'scale15', what: 'scale', size: '×1.5', feature: 'latency_ms', target: 0.9 },
  { id: 'mix20', what: 'category mix', size: '20 points', feature: 'channel' },
  { id: 'mix35', what: 'category mix', size: '35 points', feature: 'channel', target: 0.9 },
  { id: 'newcat', what: 'new category', size: '10% of rows', feature: 'region' },
  { id: 'missing', what: 'missing values', size: '2% → 15%', feature: 'session_seconds' },
];

export const trafficLevels = { high: 10, low: 60 } as const;
export type Traffic = keyof typeof trafficLevels;

/** One model: its traffic and its planted drift (null: none). */
export interface SignalModel {
  name: string;
  traffic: Traffic;
  drift: DriftKind | null;
}

export interface SignalStoreShape {
  /** Models without drift per traffic level. */
  cleanModels: number;
  /** Models per drift kind per traffic level. */
  driftedModels: number;
  days: number;
  pinnedDays: number;
  /** The onset, this many hours before the end of the data. */
  onsetHoursBeforeEnd: number;
  seed: number;
}

/** The first row's time: a Monday, 00:00 UTC. */
export const signalStart = Date.UTC(2026, 0, 5);
const dayMs = 86_400_000;

export const signalEnd = (shape: SignalStoreShape) => signalStart + shape.days * dayMs;
export const signalOnset = (shape: SignalStoreShape) =>
  signalEnd(shape) - shape.onsetHoursBeforeEnd * 3_600_000;

export const featureNames = [
  'load',
  'latency_ms',
  'basket_size',
  'channel',
  'region',
  'session_seconds',
  'amount',
  'risk',
] as const;

/** The models of a store of this shape, in the order they are generated. */
export function signalModels(shape: SignalStoreShape): SignalModel[] {
  const models: SignalModel[] = [];
  for (const traffic of Object.keys(trafficLevels) as Traffic[]) {
    for (let i = 0; i < shape.cleanModels; i++) {
      models.push({ name: `${traffic}_clean_${i}`, traffic, drift: null });
    }
    for (const drift of driftKinds) {
      for (let i = 0; i < shape.driftedModels; i++) {
        models.push({ name: `${traffic}_${drift.id}_${i}`, traffic, drift });
      }
    }
  }
  return models;
}

/**
 * Each column's SQL over r (the row's number), `m` (the model's index), `s` (the row's seconds since the
 * start) and `after` (whether the row is at or after the onset in a model with that drift). u(k) and z(k)
 * are the row's k-th uniform and normal draws.
 */
function columnsSql(drift: DriftKind | null): string {
  const is = (id: string) => (drift?.id === id ? 'after' : 'false');
  const hour = '((s % 86400) / 3600.0)';
  const weekend = '((s // 86400) % 7 >= 5)';
  const daily = (peak: number) => `sin(2 * pi() * (${hour} - ${peak - 6}) / 24)`;
  const mix = drift?.id === 'mix20' ? 0.2 : 0.35;
  // Moving d points of share to ios (0.2 at every hour): ios instead of the drawn channel with chance d/0.8.
  const web = `0.4 + 0.2 * cos(2 * pi() * (${hour} - 13) / 24)`;
  const channel = `CASE WHEN ${is('mix20')} OR ${is('mix35')} THEN ${u(7)} < ${mix / 0.8} ELSE false END`;
  return [
    `50 + (25 + 10 * unit(m, 0, 1)) * ${daily(15)} + 10 * ${z(1)}
       + CASE WHEN ${is('mean05')} THEN 5 WHEN ${is('mean1')} THEN 10 ELSE 0 END AS load`,
    `120 + 6 * ${daily(14)} + CASE WHEN ${is('scale15')} THEN 37.5 ELSE 25 END * ${z(2)} AS latency_ms`,
    `(1 + floor(-(CASE WHEN ${weekend} THEN 4 ELSE 2.5 END) * ln(${u(3)})))::INTEGER AS basket_size`,
    `CASE WHEN ${channel} THEN 'ios' WHEN ${u(4)} < ${web} THEN 'web' WHEN ${u(4)} < ${web} + 0.2 THEN 'ios'
       ELSE 'android' END AS channel`,
    `CASE WHEN ${is('newcat')} AND ${u(8)} < 0.1 THEN 'latam' WHEN ${u(5)} < 0.45 THEN 'eu' WHEN ${u(5)} < 0.8 THEN 'us'
       ELSE 'asia' END AS region`,
    `CASE WHEN ${u(9)} < CASE WHEN ${is('missing')} THEN 0.15 ELSE 0.02 END THEN NULL
       ELSE round(-300 * ln(${u(6)}), 1) END AS session_seconds`,
    `round(exp(3 + 0.8 * ${z(10)}), 2) AS amount`,
    `${u(11)} AS risk`,
  ].join(',\n');
}

/** The row's k-th uniform draw in (0, 1), and its k-th standard normal one (Box-Muller). */
const u = (k: number) => `unit(r, m, ${k})`;
const z = (k: number) => `sqrt(-2 * ln(unit(r, m, ${100 + k}))) * cos(2 * pi() * unit(r, m, ${200 + k}))`;

const list = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
const timestamp = (ms: number) => `make_timestamp(${ms * 1000}::BIGINT)`;

/** Writes a new store of this shape at `path`; its models. */
export async function makeSignalStore(path: string, shape: SignalStoreShape): Promise<SignalModel[]> {
  const models = signalModels(shape);
  const instance = await DuckDBInstance.create(path, { threads: '2' });
  const db = await instance.connect();
  try {
    // Independent uniform draws in (0, 1): hashing twice decorrelates the streams (hash combines by XOR).
    await db.run(`CREATE TEMP MACRO unit(r, m, k) AS
      ((hash(hash(r, m, k, ${shape.seed})) >> 11)::DOUBLE + 0.5) / 9007199254740992.0`);
    await db.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
      features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL,
      baseline_from TIMESTAMP, baseline_to TIMESTAMP)`);
    await db.run(`CREATE TABLE model_events(model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE,
      label DOUBLE)`);
    const onset = signalOnset(shape);
    for (const [m, model] of models.entries()) {
      const step = trafficLevels[model.traffic];
      const rows = (shape.days * 86_400) / step;
      const draws = `SELECT r, ${m} AS m, r * ${step} AS s, ${timestamp(signalStart)} + to_seconds(r * ${step}) AS event_time,
        ${model.drift === null ? 'false' : `r * ${step} * 1000 >= ${onset - signalStart}`} AS after
        FROM range(${rows}) t(r)`;
      await db.run(`CREATE TABLE features_${m} AS SELECT event_time, ${columnsSql(model.drift)}
        FROM (${draws}) ORDER BY r`);
      await db.run(`INSERT INTO model_events SELECT '${model.name}', event_time, p,
          CASE WHEN ${u(13)} < p THEN 1.0 ELSE 0.0 END
        FROM (SELECT *, 1 / (1 + exp(-(-1 + 0.9 * ${z(12)} + 0.3 * sin(2 * pi() * ((s % 86400) / 3600.0 - 9) / 24)))) AS p
          FROM (${draws})) ORDER BY r`);
      await db.run(`INSERT INTO model_metadata VALUES ('${model.name}', 'production', ${list(featureNames)},
        'features_${m}', 'event_time', ${timestamp(signalStart)}, ${timestamp(signalStart + shape.pinnedDays * dayMs)})`);
      process.stderr.write(`\rgenerated ${m + 1}/${models.length} models`);
    }
    process.stderr.write('\n');
    await db.run('CHECKPOINT');
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  return models;
}

/**
 * The stationary case: `models` models of two features of uniform values, `rows` rows a minute apart
 * each, without predictions; the default windows should find nothing.
 */
export async function makeRandomStore(
  path: string,
  models: number,
  rows: number,
  seed: number,
): Promise<void> {
  const instance = await DuckDBInstance.create(path, { threads: '2' });
  const db = await instance.connect();
  try {
    await db.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
      features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL)`);
    for (let m = 0; m < models; m++) {
      const unit = (k: number) =>
        `((hash(hash(r, ${m}, ${k}, ${seed})) >> 11)::DOUBLE + 0.5) / 9007199254740992.0`;
      await db.run(`CREATE TABLE random_${m} AS SELECT ${timestamp(signalStart)} + to_seconds(60 * r) AS event_time,
        ${unit(1)} AS a, ${unit(2)} AS b FROM range(${rows}) t(r) ORDER BY r`);
      await db.run(`INSERT INTO model_metadata VALUES ('random_${m}', 'production', ['a', 'b'], 'random_${m}',
        'event_time')`);
    }
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
