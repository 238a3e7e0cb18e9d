import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import { loadLatestSnapshots } from '../src/metrics/latestSnapshots.js';
import { statusValue } from '../src/metrics/snapshots.js';
import { defaultRunOptions, type RunOptionsInput } from '../src/run/options.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { engines, settingsOf } from './support/engines.js';
import { execute, literal, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

type Labels = Record<string, string>;

async function seriesOf(registry: Registry, name: string): Promise<{ labels: Labels; value: number }[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map(({ labels, value }) => ({ labels: labels as Labels, value }));
}

/** The value of the series with exactly these labels, or undefined when there is none. */
async function sampleOf(registry: Registry, name: string, labels: Labels = {}): Promise<number | undefined> {
  const same = (other: Labels) =>
    Object.keys(other).length === Object.keys(labels).length &&
    Object.entries(labels).every(([key, value]) => other[key] === value);
  return (await seriesOf(registry, name)).find((s) => same(s.labels))?.value;
}

const modelMetrics = [
  'drift_feature_psi',
  'drift_feature_kl_divergence',
  'drift_feature_js_distance',
  'drift_feature_ks_statistic',
  'drift_feature_ks_pvalue',
  'drift_feature_status',
  'drift_model_score',
  'drift_model_status',
  'drift_rows_analyzed_total',
];

/**
 * Every model and feature series equals the summary's outcomes; statistics that do not apply have none. A
 * model in error keeps its earlier series (checked apart): only its status is checked here.
 */
async function expectMetricsOf(registry: Registry, summary: RunSummary): Promise<void> {
  for (const outcome of summary.models) {
    if (outcome.status === 'error') {
      expect(await sampleOf(registry, 'drift_model_status', { model: outcome.model })).toBe(-2);
      continue;
    }
    const { model } = outcome;
    for (const { feature, result } of outcome.features) {
      const labels = { model, feature };
      expect(await sampleOf(registry, 'drift_feature_psi', labels), `${model}.${feature}`).toBe(result.psi);
      expect(await sampleOf(registry, 'drift_feature_kl_divergence', labels)).toBe(result.kl);
      expect(await sampleOf(registry, 'drift_feature_js_distance', labels)).toBe(result.js);
      expect(await sampleOf(registry, 'drift_feature_ks_statistic', labels)).toBe(result.ks?.statistic);
      expect(await sampleOf(registry, 'drift_feature_ks_pvalue', labels)).toBe(result.ks?.pvalue);
      expect(await sampleOf(registry, 'drift_feature_status', labels)).toBe(statusValue(result.status));
    }
    expect(await sampleOf(registry, 'drift_model_score', { model })).toBe(outcome.score ?? undefined);
    expect(await sampleOf(registry, 'drift_model_status', { model })).toBe(statusValue(outcome.status));
  }
  const failed = new Set(summary.models.filter((m) => m.status === 'error').map((m) => m.model));
  const features = summary.models.flatMap((m) => m.features.map((f) => `${m.model}.${f.feature}`)).sort();
  const psiSeries = (await seriesOf(registry, 'drift_feature_psi'))
    .filter((s) => !failed.has(String(s.labels.model)))
    .map((s) => `${s.labels.model}.${s.labels.feature}`);
  expect(psiSeries.sort()).toEqual(features);
}

const modelsIn = async (registry: Registry, name: string) =>
  [...new Set((await seriesOf(registry, name)).map((s) => s.labels.model))].sort();

describe.each(engines)('drift metrics of a run on the %s engine', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  it('equal the outcomes of a real run on a DuckDB file, and what it wrote to drift_results', async () => {
    await createDriftPlatform(scratch.db, {
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['clean'] },
    });
    const registry = new Registry();
    const metrics = createDriftMetrics(registry);
    const summary = await start({ database: scratch.db, ...metrics.hooks }).done;
    expect(summary.outcome).toBe('success');
    await expectMetricsOf(registry, summary);

    const a = summary.models.find((m) => m.model === 'model_a');
    expect(a?.status).toBe('alert');
    expect(await sampleOf(registry, 'drift_model_status', { model: 'model_a' })).toBe(2);
    expect(await sampleOf(registry, 'drift_feature_status', { model: 'model_a', feature: 'clean' })).toBe(0);
    // Categorical: no KS series at all rather than a NaN one.
    expect(
      await sampleOf(registry, 'drift_feature_ks_statistic', { model: 'model_a', feature: 'channel' }),
    ).toBe(undefined);
    for (const outcome of summary.models) {
      expect(outcome.rowsAnalyzed).toBeGreaterThan(0);
      expect(await sampleOf(registry, 'drift_rows_analyzed_total', { model: outcome.model })).toBe(
        outcome.rowsAnalyzed,
      );
    }
    const stored = await query(
      scratch.db,
      `SELECT model_name, feature, psi, ks_pvalue FROM drift_results WHERE target = 'feature'`,
    );
    expect(stored).toHaveLength(4);
    for (const row of stored) {
      const labels = { model: String(row.model_name), feature: String(row.feature) };
      expect(await sampleOf(registry, 'drift_feature_psi', labels)).toBe(row.psi);
      expect(await sampleOf(registry, 'drift_feature_ks_pvalue', labels)).toBe(row.ks_pvalue ?? undefined);
    }
  });

  it("drops the series of a model that left production and of a feature that left a model; keeps a failed model's, status -2", async () => {
    await createDriftPlatform(scratch.db, {
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['clean', 'shifted'], model_c: ['clean'] },
    });
    const registry = new Registry();
    const metrics = createDriftMetrics(registry);
    const first = await start({ database: scratch.db, ...metrics.hooks }).done;
    for (const name of modelMetrics.filter((n) => !n.includes('_ks_'))) {
      expect(await modelsIn(registry, name), name).toEqual(['model_a', 'model_b', 'model_c']);
    }

    await execute(
      scratch.db,
      `UPDATE model_metadata SET status = 'archived' WHERE model_name = 'model_b'`,
      `UPDATE model_metadata SET features = ['clean', 'shifted'] WHERE model_name = 'model_a'`,
      `UPDATE model_metadata SET feature_table = 'gone' WHERE model_name = 'model_c'`,
    );
    const second = await start({ database: scratch.db, ...metrics.hooks }).done;
    await expectMetricsOf(registry, second);
    for (const name of modelMetrics) {
      expect(await modelsIn(registry, name), name).not.toContain('model_b');
    }
    const features = (await seriesOf(registry, 'drift_feature_status'))
      .map((s) => `${s.labels.model}.${s.labels.feature}`)
      .sort();
    expect(features).toEqual(['model_a.clean', 'model_a.shifted', 'model_c.clean']);
    // model_c failed: status error (-2, not insufficient data's -1), its last score and feature series kept,
    // the feature's status saying error too.
    const [firstC] = first.models.filter((m) => m.model === 'model_c');
    expect(await sampleOf(registry, 'drift_model_status', { model: 'model_c' })).toBe(-2);
    expect(await sampleOf(registry, 'drift_model_score', { model: 'model_c' })).toBe(firstC?.score);
    expect(await sampleOf(registry, 'drift_feature_status', { model: 'model_c', feature: 'clean' })).toBe(-2);
    expect(await sampleOf(registry, 'drift_feature_psi', { model: 'model_c', feature: 'clean' })).toBe(
      firstC?.features[0]?.result.psi,
    );
  });

  it('restores the gauges from the latest run per production model in drift_results', async () => {
    await createDriftPlatform(scratch.db, {
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['clean'] },
    });
    const { schema } = defaultRunOptions;
    const limits = settingsOf(engine);
    expect(await loadLatestSnapshots(scratch.db, schema, limits)).toEqual([]);

    await start({ database: scratch.db }).done;
    await execute(
      scratch.db,
      `UPDATE model_metadata SET features = ['shifted'] WHERE model_name = 'model_a'`,
      `INSERT INTO model_metadata (model_name, status, features, feature_table)
         VALUES ('model_c', 'production', ['channel'], 'features')`,
    );
    const latest = await start({ database: scratch.db }).done;
    await execute(scratch.db, `UPDATE model_metadata SET status = 'archived' WHERE model_name = 'model_b'`);

    const registry = new Registry();
    await createDriftMetrics(registry).restore(await loadLatestSnapshots(scratch.db, schema, limits));
    const live = { ...latest, models: latest.models.filter((m) => m.model !== 'model_b') };
    await expectMetricsOf(registry, live);
    expect(await modelsIn(registry, 'drift_model_status')).toEqual(['model_a', 'model_c']);
    const [stored] = await query(
      scratch.db,
      `SELECT psi FROM drift_results WHERE run_id = ${literal(latest.runId)} AND feature = 'shifted'`,
    );
    expect(await sampleOf(registry, 'drift_feature_psi', { model: 'model_a', feature: 'shifted' })).toBe(
      stored?.psi,
    );
    // Runs and rows are counted by this process only.
    expect(await seriesOf(registry, 'drift_rows_analyzed_total')).toEqual([]);
    expect(await sampleOf(registry, 'drift_runs_total', { outcome: 'success' })).toBe(0);
  });
});

describe('drift metrics of runs, without a database', () => {
  it('counts runs by outcome from zero, times them, stamps the last success and counts pruned rows', async () => {
    const registry = new Registry();
    const metrics = createDriftMetrics(registry);
    for (const outcome of ['success', 'failed', 'cancelled']) {
      expect(await sampleOf(registry, 'drift_runs_total', { outcome })).toBe(0);
    }
    expect(await sampleOf(registry, 'drift_results_pruned_total')).toBe(0);
    const at = new Date('2026-03-01T12:00:00Z');
    metrics.recordRun({ outcome: 'success', durationSeconds: 3, finishedAt: at, prunedRows: 12 });
    metrics.recordRun({
      outcome: 'failed',
      durationSeconds: 0.1,
      finishedAt: new Date('2026-03-01T13:00:00Z'),
    });
    metrics.recordRun({
      outcome: 'cancelled',
      durationSeconds: 7,
      finishedAt: new Date('2026-03-01T14:00:00Z'),
    });
    expect(await sampleOf(registry, 'drift_runs_total', { outcome: 'success' })).toBe(1);
    expect(await sampleOf(registry, 'drift_runs_total', { outcome: 'failed' })).toBe(1);
    expect(await sampleOf(registry, 'drift_runs_total', { outcome: 'cancelled' })).toBe(1);
    expect(await sampleOf(registry, 'drift_last_success_timestamp_seconds')).toBe(at.getTime() / 1000);
    expect(await sampleOf(registry, 'drift_results_pruned_total')).toBe(12);
    const text = await registry.metrics();
    expect(text).toContain('drift_run_duration_seconds_count 3');
    expect(text).toContain('drift_run_duration_seconds_sum 10.1');
    expect(text).toContain('drift_run_duration_seconds_bucket{le="5"} 2');
  });

  it('maps statuses to 0 ok, 1 warning, 2 alert, -2 error and -1 otherwise', () => {
    expect(['ok', 'warning', 'alert', 'insufficient_data', 'error', 'toString'].map(statusValue)).toEqual([
      0, 1, 2, -1, -2, -1,
    ]);
  });
});
