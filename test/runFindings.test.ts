// What one startServiceC run finds and writes, on each engine: statuses, windows, missing values, the rows
// of drift_results and model_metadata, the hooks it calls. Runs cancelled or shared are in runLifecycle, stores
// it cannot use in runBadStores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { engines } from './support/engines.js';
import {
  execute,
  literal,
  query,
  scratchDatabasePerTest,
  scratchFolder,
} from './support/platformDatabase.js';
import { createStartPlatform, featureRowsOf } from './support/startPlatform.js';

const scratch = scratchDatabasePerTest();

describe.each(engines)('startServiceC on the %s engine', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  // One run serves every test that only reads what a default run found, wrote and reported: a run per test
  // would repeat the same work (duckdb-wasm takes seconds to start), and each test still asserts its own part.
  describe('after one default run', () => {
    const folder = scratchFolder();
    const db = folder.path('platform.duckdb');
    const events: string[] = [];
    const progress: number[] = [];
    let summary: RunSummary;
    beforeAll(async () => {
      await createStartPlatform(db);
      summary = await start({
        database: db,
        onRunStart: ({ models }) => {
          events.push(`start ${models.join(',')}`);
        },
        onModelWritten: async ({ runId, outcome, engine: runEngine }) => {
          const [[count] = []] = await runEngine.rows(
            'SELECT count(*)::INTEGER FROM drift_results WHERE run_id = ? AND model_name = ?',
            [runId, outcome.model],
          );
          events.push(`written ${outcome.model} ${count} rows`);
        },
        onProgress: (p) => progress.push(p.featuresDone),
      }).done;
    });
    afterAll(() => folder.cleanup());

    it('finds planted drift and leaves clean features ok', () => {
      expect(summary.outcome).toBe('success');
      expect(summary.models.map((m) => m.model)).toEqual(['model_a']);
      const [model] = summary.models;
      const status = Object.fromEntries(model?.features.map((f) => [f.feature, f.result.status]) ?? []);
      expect(status).toMatchObject({ clean: 'ok', gappy: 'ok', shifted: 'alert', channel: 'alert' });
      expect(model?.status).toBe('alert');
      expect(model?.scoreSource).toBe('prediction');
      expect(model?.prediction?.result.status).toBe('ok');
    });

    it('counts NULL and NaN as missing', () => {
      const gappy = summary.models[0]?.features.find((f) => f.feature === 'gappy');
      expect(gappy?.result.reference).toMatchObject({ count: 3200, missing: 800 });
      expect(gappy?.result.bins.reference.at(-1)).toBe(800);
    });

    it('writes a drift_results row per feature, one for the prediction and one for the model', async () => {
      const rows = await query(
        db,
        `SELECT target, count(*)::INTEGER AS n FROM drift_results WHERE run_id = ${literal(summary.runId)} GROUP BY ALL ORDER BY ALL`,
      );
      expect(rows).toEqual([
        { target: 'feature', n: 5 },
        { target: 'model', n: 1 },
        { target: 'prediction', n: 1 },
      ]);
      const shifted = (await featureRowsOf(db, summary.runId)).find((r) => r.feature === 'shifted');
      expect(shifted).toMatchObject({
        model_name: 'model_a',
        status: 'alert',
        kind: 'numeric',
        reference_start: '10000',
        current_end: '20000',
      });
      expect(shifted?.psi).toBeGreaterThan(0.25);
      expect(shifted?.bin_edges).toHaveLength(9);
    });

    it('updates model_metadata with the score, the PSI per feature and the status', async () => {
      const [row] = await query(
        db,
        `SELECT model_drift_score, map_keys(feature_drift_scores) AS features, drift_status,
        last_drift_run_at IS NOT NULL AS stamped FROM model_metadata WHERE model_name = 'model_a'`,
      );
      expect(row).toMatchObject({
        drift_status: 'alert',
        stamped: true,
        model_drift_score: summary.models[0]?.score,
      });
      expect([...((row?.features ?? []) as string[])].sort()).toEqual([
        'channel',
        'clean',
        'gappy',
        'rank',
        'shifted',
      ]);
      const [archived] = await query(
        db,
        `SELECT drift_status FROM model_metadata WHERE model_name = 'model_old'`,
      );
      expect(archived?.drift_status).toBeNull();
    });

    it('calls onRunStart first, then onModelWritten once each model is committed', () => {
      expect(events).toEqual(['start model_a', 'written model_a 7 rows']);
    });

    it('reports progress up to every model and feature', () => {
      expect(summary.outcome).toBe('success');
      expect(progress.at(-1)).toBe(5);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    });
  });

  it('selects exact row ranks by timestamp and samples every k-th row from the window start', async () => {
    await createStartPlatform(scratch.db, 20_000);
    const summary = await start({ database: scratch.db, maxRowsPerWindow: 1500 }).done;
    const rank = summary.models[0]?.features.find((f) => f.feature === 'rank');
    // Historical window: ranks [10000, 14000), k = ceil(4000 / 1500) = 3, so ranks 10000, 10003, ..., 13999.
    expect(rank?.reference).toMatchObject({ start: 10_000, end: 14_000, stride: 3, rows: 1334 });
    expect(rank?.result.reference).toMatchObject({
      count: 1334,
      min: 10_000,
      max: 13_999,
      mean: 10_000 + 3 * 666.5,
    });
    // Current window: ranks [19000, 20000), under the cap: every row.
    expect(rank?.current).toMatchObject({ start: 19_000, end: 20_000, stride: 1, rows: 1000 });
    expect(rank?.result.current).toMatchObject({ count: 1000, min: 19_000, max: 19_999 });
  });

  it('scores a model without events by its largest feature PSI, and says so', async () => {
    await createStartPlatform(scratch.db);
    await execute(scratch.db, `DELETE FROM model_events`);
    const summary = await start({ database: scratch.db }).done;
    const [model] = summary.models;
    const largest = Math.max(...(model?.features.map((f) => f.result.psi ?? 0) ?? []));
    expect(model).toMatchObject({ scoreSource: 'max_feature_psi', score: largest, prediction: null });
    const [row] = await query(
      scratch.db,
      `SELECT message, model_score FROM drift_results WHERE target = 'model'`,
    );
    expect(row).toEqual({
      message: 'no events: the model score is the largest feature PSI',
      model_score: largest,
    });
  });

  it('compares the last closed time bucket in time mode', async () => {
    await createStartPlatform(scratch.db, 20_000);
    // Rows are one second apart from 2026-01-01 00:00:00; 20000 s is 5 h 33 min 20 s.
    const now = new Date(Date.UTC(2026, 0, 1, 5, 40));
    const summary = await start({
      database: scratch.db,
      now: () => now,
      windows: { kind: 'time', bucketMs: 3_600_000, historicalFrom: 0.5, historicalTo: 0.7 },
    }).done;
    const rank = summary.models[0]?.features.find((f) => f.feature === 'rank');
    // The last closed hour is 04:00-05:00: ranks 14400 to 17999.
    expect(rank?.result.current).toMatchObject({ count: 3600, min: 14_400, max: 17_999 });
    expect(rank?.result.reference).toMatchObject({ min: 10_000, max: 13_999 });
  });
});

describe('startServiceC on a platform without an events table', () => {
  it('scores its model by the features, not as an error', async () => {
    await createStartPlatform(scratch.db, 1000);
    await execute(scratch.db, 'DROP TABLE model_events');
    const [model] = (await startServiceC({ database: scratch.db }).done).models;
    expect(model?.status).not.toBe('error');
    expect(model).toMatchObject({ scoreSource: 'max_feature_psi', prediction: null });
  });
});
