import type { Engine, EngineSettings } from '../engine/engine.js';
import { withEngine } from '../engine/openEngine.js';
import type { Schema } from '../run/options.js';
import { hasColumn } from '../store/hasColumn.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { StoreError } from '../store/storeError.js';
import { type ModelSnapshot, statusValue } from './snapshots.js';

/** A drift_results row as the restore query returns it: a model's own row or one of its features. */
export interface LatestResultRow {
  model: string;
  target: 'feature' | 'model' | 'performance' | 'performance_estimated';
  feature: string | null;
  status: string;
  score: number | null;
  psi: number | null;
  kl: number | null;
  js: number | null;
  ksStatistic: number | null;
  ksPvalue: number | null;
  /** A performance metric's value in each window (the metric's name is in `feature`). */
  metricReference: number | null;
  metricCurrent: number | null;
}

/** Groups the rows of each model's latest run into snapshots, models in the order of their first row. */
export function snapshotsOfRows(rows: readonly LatestResultRow[]): ModelSnapshot[] {
  const models = new Map<string, ModelSnapshot>();
  for (const row of rows) {
    let snapshot = models.get(row.model);
    if (!snapshot) {
      snapshot = {
        model: row.model,
        score: null,
        status: -1,
        features: [],
        performance: null,
        estimated: null,
      };
      models.set(row.model, snapshot);
    }
    if ((row.target === 'performance' || row.target === 'performance_estimated') && row.feature !== null) {
      const key = row.target === 'performance' ? 'performance' : 'estimated';
      snapshot[key] ??= { status: statusValue(row.status), metrics: [] };
      snapshot[key].metrics.push({
        metric: row.feature,
        reference: row.metricReference,
        current: row.metricCurrent,
      });
    } else if (row.target === 'model') {
      snapshot.score = row.score;
      snapshot.status = statusValue(row.status);
    } else if (row.feature !== null) {
      snapshot.features.push({
        feature: row.feature,
        status: statusValue(row.status),
        values: {
          psi: row.psi,
          kl: row.kl,
          js: row.js,
          ksStatistic: row.ksStatistic,
          ksPvalue: row.ksPvalue,
        },
      });
    }
  }
  return [...models.values()];
}

/**
 * The rows of each production model's latest run (the run that set its last_drift_run_at, the computed_at
 * of all its rows): its feature rows and its own row. Nothing when no run ever wrote drift_results.
 */
export async function latestResultRows(engine: Engine, schema: Schema): Promise<LatestResultRow[]> {
  const q = quoteIdentifier;
  const tables = await engine.rows(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name IN (?, ?)`,
    [schema.driftResults, schema.modelMetadata],
  );
  const present = new Set(tables.map(([name]) => String(name)));
  if (!present.has(schema.modelMetadata)) {
    throw new StoreError(`the database has no ${JSON.stringify(schema.modelMetadata)} table`);
  }
  if (!present.has(schema.driftResults)) return [];
  const results = q(schema.driftResults);
  // A table no run of this build has written yet lacks the performance columns.
  const metric = async (column: string) =>
    (await hasColumn(engine, schema.driftResults, column)) ? `r.${q(column)}` : 'NULL::DOUBLE';
  // A join on the metadata's time lets DuckDB skip older runs by their min/max instead of scanning them.
  const rows = await engine.rows(
    `SELECT r.model_name, r.target, r.feature, r.status, r.model_score,
            r.psi, r.kl_divergence, r.js_distance, r.ks_statistic, r.ks_pvalue,
            ${await metric('metric_reference')}, ${await metric('metric_current')}
     FROM ${q(schema.modelMetadata)} m JOIN ${results} r
       ON r.model_name = m.${q(schema.modelName)} AND r.computed_at = m.${q(schema.lastDriftRunAt)}
     WHERE r.target IN ('feature', 'model', 'performance', 'performance_estimated') AND m.${q(schema.status)} = ?
     ORDER BY r.model_name, r.target, r.feature`,
    [schema.productionStatus],
  );
  type Row = [string, LatestResultRow['target'], string | null, string, ...(number | null)[]];
  return (rows as Row[]).map(([model, target, feature, status, ...numbers]) => {
    const [
      score = null,
      psi = null,
      kl = null,
      js = null,
      ksStatistic = null,
      ksPvalue = null,
      metricReference = null,
      metricCurrent = null,
    ] = numbers;
    return {
      model,
      target,
      feature,
      status,
      score,
      psi,
      kl,
      js,
      ksStatistic,
      ksPvalue,
      metricReference,
      metricCurrent,
    };
  });
}

/** The latest snapshots of a database: a file, read through an engine closed before this returns, or an engine. */
export async function loadLatestSnapshots(
  database: string | Engine,
  schema: Schema,
  settings: EngineSettings,
): Promise<ModelSnapshot[]> {
  return withEngine(database, settings, async (engine) =>
    snapshotsOfRows(await latestResultRows(engine, schema)),
  );
}
