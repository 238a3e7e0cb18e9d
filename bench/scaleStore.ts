// The platform-scale store of `npm run bench -- scale`: 300 production models × 30 DOUBLE features, each
// with its own small feature table (so the catalog holds 300 tables, as on the platform) and predictions in
// model_events, and `runs` hourly runs of drift_results history generated in SQL, not by running the worker:
// one run's rows are made once, then copied per run with that run's id, time, PSI and status.
//
// Other benches plug in here: `await makeScaleStore(runs)` gives the path of a cached store (built on first
// use under bench/.data/, which git ignores). Open a copy if you write to it.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { driftResultColumns } from '../src/store/driftResultColumns.js';
import { publishedAtColumn } from '../src/store/ensureDriftSchema.js';

export const scaleModels = 300;
export const scaleFeatures = 30;
/** Rows per feature table: enough for every window to hold more than 30 values. */
const featureRows = 2_000;
/** The first run's time; run r is r hours later. Fixed, so a cached store always means the same. */
export const scaleFirstRun = Date.UTC(2026, 0, 1);

/** The cached store with `runs` runs of history, built when missing; resolves to its path. */
export async function makeScaleStore(runs: number): Promise<string> {
  const dir = new URL('./.data/', import.meta.url).pathname;
  const path = `${dir}scale-${scaleModels}x${scaleFeatures}-runs${runs}.duckdb`;
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const started = performance.now();
  await buildStore(partial, runs);
  renameSync(partial, path);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`scale store with ${runs} runs built in ${seconds} s (cached in bench/.data)`);
  return path;
}

const featureNames = Array.from({ length: scaleFeatures }, (_, f) => `f${String(f).padStart(2, '0')}`);

/** Uniform in [0, 1) from a few integers, the same on every build. */
const unit = (...parts: string[]) => `(hash(${parts.join(', ')}) % 1000000) / 1000000.0`;

/**
 * Each model's drift level: its first feature and its prediction carry it (plus noise per run), the other
 * features stay below the warning threshold. Every 25th model alerts, every 8th warns, a few have too little
 * data or fail.
 */
const levelSql = `CASE WHEN m % 25 = 0 THEN 0.32 WHEN m % 8 = 0 THEN 0.16 ELSE 0.02 END`;
const modelStatusSql = (
  psi: string,
) => `CASE WHEN m % 60 = 13 THEN 'error' WHEN m % 60 = 29 THEN 'insufficient_data'
  ELSE ${statusOfPsi(psi)} END`;
const statusOfPsi = (psi: string) =>
  `CASE WHEN ${psi} > 0.25 THEN 'alert' WHEN ${psi} >= 0.1 THEN 'warning' ELSE 'ok' END`;

async function buildStore(path: string, runs: number): Promise<void> {
  const instance = await DuckDBInstance.create(path, { threads: '2', preserve_insertion_order: 'true' });
  const db = await instance.connect();
  try {
    await db.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
      features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL,
      model_drift_score DOUBLE, feature_drift_scores MAP(VARCHAR, DOUBLE), drift_status VARCHAR,
      last_drift_run_at TIMESTAMP)`);
    await db.run('CREATE TABLE model_events(model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE)');
    const list = `[${featureNames.map((n) => `'${n}'`).join(', ')}]`;
    for (let m = 0; m < scaleModels; m++) {
      const columns = featureNames.map(
        (name, f) =>
          `random() + CASE WHEN ${f === 0} AND i >= ${featureRows * 0.95} THEN 0.3 ELSE 0 END AS ${name}`,
      );
      await db.run(`CREATE TABLE features_${m} AS SELECT TIMESTAMP '2025-12-01' + to_seconds(i * 60) AS event_time,
        ${columns.join(', ')} FROM range(${featureRows}) t(i)`);
    }
    await db.run(`INSERT INTO model_metadata (model_name, status, features, feature_table, timestamp_column)
      SELECT printf('model_%03d', m), 'production', ${list}, 'features_' || m, 'event_time' FROM range(${scaleModels}) t(m)`);
    await db.run(`INSERT INTO model_events SELECT printf('model_%03d', m), TIMESTAMP '2025-12-01' + to_seconds(i * 600),
      random() FROM range(${scaleModels}) a(m), range(${featureRows / 10}) b(i)`);

    const names = driftResultColumns.map(([name]) => name);
    const ddl = driftResultColumns.map(([name, type]) => `"${name}" ${type}`).join(', ');
    await db.run(`CREATE TABLE drift_results (${ddl}, "${publishedAtColumn}" TIMESTAMP)`);
    // One run's rows without what changes per run: m, f (-1 for the prediction, -2 for the model's row).
    await db.run(`CREATE TEMP TABLE template AS
      SELECT m, f, printf('model_%03d', m) AS model_name,
        CASE WHEN f >= 0 THEN printf('f%02d', f) WHEN f = -1 THEN 'prediction' END AS feature,
        CASE WHEN f >= 0 THEN 'feature' WHEN f = -1 THEN 'prediction' ELSE 'model' END AS target,
        [${Array.from({ length: 9 }, (_, k) => (k + 1) / 10).join(', ')}] AS bin_edges,
        list_transform(range(10), k -> 95.0 + (hash(m, f, k) % 11)::DOUBLE) AS reference_histogram,
        list_transform(range(10), k -> 95.0 + (hash(f, m, k) % 11)::DOUBLE) AS current_histogram
      FROM range(${scaleModels}) a(m), range(-2, ${scaleFeatures}) b(f)`);
    const psi = `CASE WHEN f <= 0 THEN ${levelSql} + 0.03 * ${unit('m', 'r')}
      ELSE 0.08 * ${unit('m', 'f', 'r')} END`;
    const values: Record<string, string> = {
      run_id: `printf('00000000-0000-4000-8000-%012d', r)`,
      model_name: 'model_name',
      feature: 'feature',
      target: 'target',
      kind: `CASE WHEN f <> -2 THEN 'numeric' END`,
      bin_edges: 'CASE WHEN f <> -2 THEN bin_edges END',
      ks_statistic: `CASE WHEN f <> -2 THEN psi / 3 END`,
      ks_pvalue: `CASE WHEN f <> -2 THEN 1 - psi END`,
      ks_method: `CASE WHEN f <> -2 THEN 'asymp' END`,
      psi: 'CASE WHEN f <> -2 THEN psi END',
      kl_divergence: 'CASE WHEN f <> -2 THEN psi / 2 END',
      js_distance: 'CASE WHEN f <> -2 THEN sqrt(psi) / 3 END',
      wasserstein: 'CASE WHEN f <> -2 THEN psi / 5 END',
      wasserstein_normed: 'CASE WHEN f <> -2 THEN psi / 4 END',
      model_score: 'CASE WHEN f = -2 THEN psi END',
      status: `CASE WHEN f = -2 THEN ${modelStatusSql('psi')} ELSE ${statusOfPsi('psi')} END`,
      message: `CASE WHEN f = -2 AND m % 60 = 13 THEN 'missing column f07 in features_' || m END`,
      computed_at: 'run_at',
      ...windowValues('reference', 1_000, 1_400),
      ...windowValues('current', 1_900, 2_000),
    };
    const select = names.map((name) => values[name] ?? 'NULL').join(', ');
    // Run by run, in time order, as hourly runs append them; a batch of runs per statement.
    const batch = 100;
    for (let first = 0; first < runs; first += batch) {
      await db.run(`INSERT INTO drift_results (${[...names, publishedAtColumn].map((n) => `"${n}"`).join(', ')})
        SELECT ${select}, run_at + INTERVAL 1 SECOND FROM (
          SELECT *, ${psi} AS psi FROM (
            SELECT t.*, r, make_timestamp(${scaleFirstRun * 1000}::BIGINT + r * 3600000000) AS run_at
            FROM range(${first}, ${Math.min(first + batch, runs)}) runs(r), template t))
        ORDER BY r, m, f DESC`);
      process.stderr.write(`\rgenerated ${Math.min(first + batch, runs)}/${runs} runs of history`);
    }
    process.stderr.write('\n');
    // model_metadata as the latest run left it.
    await db.run(`UPDATE model_metadata SET drift_status = l.status, model_drift_score = l.model_score,
        last_drift_run_at = l.computed_at, feature_drift_scores = l.scores
      FROM (SELECT model_name, any_value(status) FILTER (target = 'model') AS status,
              any_value(model_score) FILTER (target = 'model') AS model_score, max(computed_at) AS computed_at,
              map_from_entries(list({'k': feature, 'v': psi}) FILTER (target = 'feature')) AS scores
            FROM drift_results WHERE run_id = printf('00000000-0000-4000-8000-%012d', ${runs - 1})
            GROUP BY model_name) l
      WHERE model_metadata.model_name = l.model_name`);
    await db.run('CHECKPOINT');
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** A window's columns: ranks [start, end) of the feature table, no stride, its time span, its moments. */
function windowValues(side: 'reference' | 'current', start: number, end: number): Record<string, string> {
  const value = (sql: string) => `CASE WHEN f <> -2 THEN ${sql} END`;
  const time = (rank: number) => value(`TIMESTAMP '2025-12-01' + to_seconds(${rank * 60})`);
  return {
    [`${side}_start`]: value(String(start)),
    [`${side}_end`]: value(String(end)),
    [`${side}_stride`]: value('1'),
    [`${side}_first_time`]: time(start),
    [`${side}_last_time`]: time(end - 1),
    [`${side}_count`]: value(String(end - start)),
    [`${side}_missing`]: value('0'),
    [`${side}_mean`]: value(side === 'reference' ? '0.5' : '0.5 + psi'),
    [`${side}_variance`]: value('0.083'),
    [`${side}_min`]: value('0.0'),
    [`${side}_max`]: value('1.0'),
    [`${side}_histogram`]: value(`${side}_histogram`),
  };
}
