import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../src/cli/summaryTable.js';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import { loadLatestSnapshots } from '../src/metrics/latestSnapshots.js';
import { createRedisPublisher } from '../src/publish/redisPublisher.js';
import { defaultRunOptions } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { engines, settingsOf } from './support/engines.js';
import { estimatePlatform } from './support/estimatePlatform.js';
import { execute, literal, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const platform = (options: Parameters<typeof estimatePlatform>[1] = {}) =>
  estimatePlatform(scratch.db, options);

const estimatedRows = (runId: string) =>
  query(
    scratch.db,
    `SELECT feature, status, metric_reference, metric_current, metric_change, metric_change_low,
            metric_change_high, estimate_low, estimate_high, realized_reference, realized_current,
            estimate_error, estimate_labelled, calibration, reference_count, current_start, current_end,
            current_count, message
     FROM drift_results WHERE run_id = ${literal(runId)} AND target = 'performance_estimated'
     ORDER BY feature`,
  );

describe.each(engines)('estimated performance in a run on the %s engine', (engine) => {
  it('alerts on the estimated AUC of a label-free current window while the realized performance is ok', async () => {
    await platform();
    const summary = await startServiceC({ engine, database: scratch.db }).done;
    const [model] = summary.models;
    const performance = model?.performance?.result;
    expect(performance?.status).toBe('ok');
    const estimated = performance?.estimated;
    expect(estimated).toMatchObject({ status: 'alert', currentEvents: 400, currentLabelled: 0 });
    expect(model?.status).toBe('alert');
    const rows = await estimatedRows(summary.runId);
    expect(rows.map((r) => r.feature)).toEqual(['accuracy', 'auc', 'f1', 'precision', 'recall']);
    const auc = rows[1] as Record<string, unknown>;
    // The prediction's current window: the newest 5% of all 8,000 events, none labelled.
    expect(auc).toMatchObject({
      status: 'alert',
      current_start: '7600',
      current_end: '8000',
      current_count: '400',
      estimate_labelled: '0',
      realized_current: null,
      estimate_error: null,
    });
    expect(auc.message).toMatch(/^calibration (none|isotonic)/);
    const [low, current, high] = [auc.estimate_low, auc.metric_current, auc.estimate_high] as number[];
    expect(low).toBeLessThanOrEqual(current as number);
    expect(current).toBeLessThanOrEqual(high as number);
    expect(auc.metric_change_high).toBeLessThan(0);
    expect(auc.metric_reference as number).toBeGreaterThan(0.75);
    expect(current).toBeLessThan(0.65);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['alert']));
  });
});

describe('estimated performance in a run', () => {
  it("records the estimate's error against the realized value where the current window is labelled", async () => {
    await platform({ squeezedFrom: 7600, unlabelledFrom: 8000 });
    const summary = await startServiceC({ engine: 'node', database: scratch.db }).done;
    const rows = await estimatedRows(summary.runId);
    for (const row of rows) {
      expect(row.estimate_labelled).toBe('400');
      expect(row.estimate_error).toBe((row.metric_current as number) - (row.realized_current as number));
    }
    const auc = rows.find((r) => r.feature === 'auc') as Record<string, number>;
    // Calibrated scores on 400 events: the estimate lies within sampling noise of the realized AUC.
    expect(Math.abs(auc.estimate_error as number)).toBeLessThan(0.08);
    expect(auc.realized_current as number).toBeLessThan(0.7);
  });

  it('is a line of the CLI summary: status, AUC in both windows with the interval, events and labels', async () => {
    await platform();
    const summary = await startServiceC({ engine: 'node', database: scratch.db }).done;
    const auc = summary.models[0]?.performance?.result.estimated?.metrics[0];
    const line = summaryTable(summary)
      .split('\n')
      .find((text) => text.startsWith('model_a: estimated'));
    const [low, high] = [auc?.currentLow, auc?.currentHigh].map((v) => (v as number).toFixed(3));
    expect(line).toBe(
      `model_a: estimated alert: auc ${auc?.reference?.toFixed(3)} -> ${auc?.current?.toFixed(3)} [${low}, ${high}], 400 events, 0 labelled (calibration ${summary.models[0]?.performance?.result.estimated?.calibration})`,
    );
  });

  it('estimates nothing for a regression', async () => {
    await platform();
    await execute(
      scratch.db,
      'ALTER TABLE model_metadata ADD COLUMN task VARCHAR',
      `UPDATE model_metadata SET task = 'regression'`,
    );
    const summary = await startServiceC({ engine: 'node', database: scratch.db }).done;
    expect(summary.models[0]?.performance?.result.estimated).toBeNull();
    expect(await estimatedRows(summary.runId)).toEqual([]);
  });
});

describe('estimated performance exports', () => {
  /** A gauge's series, in label order: a restored registry adds them in another order. */
  const series = async (registry: Registry, name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values
      .map(({ labels, value }) => ({ labels, value }))
      .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));

  it('show each metric in both windows and the status as gauges, restored from drift_results at start', async () => {
    await platform();
    const registry = new Registry();
    const summary = await startServiceC({ database: scratch.db, ...createDriftMetrics(registry).hooks }).done;
    const estimated = summary.models[0]?.performance?.result.estimated;
    const shown = await series(registry, 'drift_model_performance_estimated');
    expect(shown).toHaveLength(10);
    expect(shown).toContainEqual({
      labels: { model: 'model_a', metric: 'auc', window: 'current' },
      value: estimated?.metrics[0]?.current,
    });
    expect(await series(registry, 'drift_model_performance_estimated_status')).toEqual([
      { labels: { model: 'model_a' }, value: 2 },
    ]);
    const restored = new Registry();
    const snapshots = await loadLatestSnapshots(scratch.db, defaultRunOptions.schema, settingsOf('node'));
    await createDriftMetrics(restored).restore(snapshots);
    for (const name of ['drift_model_performance_estimated', 'drift_model_performance_estimated_status']) {
      expect(await series(restored, name)).toEqual(await series(registry, name));
    }
  });

  it('carry the estimate in the Redis message: status, calibration, each metric with its interval', async () => {
    await platform();
    const prefix = `test:service-c:${randomUUID()}:`;
    const keys = { stream: `${prefix}events`, hashPrefix: `${prefix}model:` };
    const publisher = await createRedisPublisher({ url: 'redis://127.0.0.1:6379', ...keys, log: () => {} });
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const summary = await startServiceC({ database: scratch.db, ...publisher.hooks }).done;
      const message = JSON.parse(
        (await redis.hget(`${keys.hashPrefix}model_a`, 'performance_estimated')) ?? '',
      );
      const estimated = summary.models[0]?.performance?.result.estimated;
      const auc = estimated?.metrics[0];
      expect(message).toMatchObject({ status: 'alert', calibration: estimated?.calibration });
      expect(Object.keys(message.metrics)).toEqual(['accuracy', 'auc', 'f1', 'precision', 'recall']);
      expect(message.metrics.auc).toEqual({
        reference: auc?.reference,
        current: auc?.current,
        change: auc?.change,
        changeLow: auc?.changeLow,
        changeHigh: auc?.changeHigh,
        currentLow: auc?.currentLow,
        currentHigh: auc?.currentHigh,
        realizedCurrent: null,
        error: null,
      });
    } finally {
      publisher.close();
      await redis.del(keys.stream, `${keys.hashPrefix}model_a`);
      redis.disconnect();
    }
  });
});
