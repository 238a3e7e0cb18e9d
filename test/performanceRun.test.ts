import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import { loadLatestSnapshots } from '../src/metrics/latestSnapshots.js';
import { createRedisPublisher } from '../src/publish/redisPublisher.js';
import { defaultRunOptions, type RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { engines, settingsOf } from './support/engines.js';
import {
  execute,
  featureTableSql,
  literal,
  METADATA_DDL,
  query,
  scratchDatabasePerTest,
  uniform,
} from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/**
 * model_a's events: every other one labelled (0 or 1, about 30% positive). The newest `degradedShare` of the
 * events score by an unrelated draw, the others perfectly (positives above 0.5, negatives below): the
 * prediction's distribution stays the same, only its relation to the label breaks.
 */
async function platform({
  events = 4000,
  degradedShare = 0.05,
  labelled = 'i % 2 = 0',
  extra = [] as string[],
} = {}) {
  const degradedFrom = Math.floor(events * (1 - degradedShare));
  const label = `CASE WHEN ${uniform(7)} < 0.3 THEN 1 ELSE 0 END`;
  const unrelated = `CASE WHEN ${uniform(9)} < 0.3 THEN 1 ELSE 0 END`;
  await execute(
    scratch.db,
    METADATA_DDL,
    featureTableSql('features_a', 2000),
    `INSERT INTO model_metadata VALUES ('model_a', 'production', ['clean'], 'features_a', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'model_a' AS model_name,
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
       0.5 * (CASE WHEN i >= ${degradedFrom} THEN ${unrelated} ELSE ${label} END) + 0.5 * ${uniform(8)} AS prediction,
       CASE WHEN ${labelled} THEN ${label} END AS label
     FROM range(${events}) t(i)`,
    ...extra,
  );
}

const performanceRows = (runId: string) =>
  query(
    scratch.db,
    `SELECT feature, status, performance_task, metric_reference, metric_current, metric_change,
            metric_change_low, metric_change_high, reference_start, reference_end, reference_count,
            current_start, current_end, current_count, message
     FROM drift_results WHERE run_id = ${literal(runId)} AND target = 'performance' ORDER BY feature`,
  );

describe.each(engines)('performance from labels on the %s engine', (engine) => {
  it('alerts when the AUC falls in the newest labelled events, and the model status includes it', async () => {
    await platform();
    const summary = await startServiceC({ engine, database: scratch.db }).done;
    const [model] = summary.models;
    const auc = model?.performance?.result.metrics[0];
    expect(auc).toMatchObject({ metric: 'auc', reference: 1 });
    expect(auc?.current).toBeLessThan(0.7);
    expect(auc?.changeHigh).toBeLessThan(0);
    expect(model?.performance?.result.status).toBe('alert');
    expect(model?.prediction?.result.status).toBe('ok');
    expect(model?.status).toBe('alert');
  });
});

// The rest reads and writes like any run: the node engine only, to keep the suite quick.
describe('performance from labels', () => {
  const start = (input: RunOptionsInput) => startServiceC({ engine: 'node', ...input });

  it('ranks the windows over the labelled events only, with the same fractions', async () => {
    await platform({ events: 4000 });
    const summary = await start({ database: scratch.db }).done;
    const rows = await performanceRows(summary.runId);
    expect(rows.map((r) => r.feature)).toEqual(['accuracy', 'auc', 'brier', 'log_loss', 'positive_rate']);
    // 2000 labelled events: reference ranks [1000, 1400), current [1900, 2000).
    expect(rows[1]).toMatchObject({
      reference_start: '1000',
      reference_end: '1400',
      reference_count: '400',
      current_start: '1900',
      current_end: '2000',
      current_count: '100',
      performance_task: 'binary_classification',
      message: 'task binary_classification (inferred)',
    });
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['alert']));
  });

  it('says insufficient_data with fewer than 30 labelled events in a window', async () => {
    await platform({ events: 4000, labelled: 'i % 100 = 0' });
    const summary = await start({ database: scratch.db }).done;
    const performance = summary.models[0]?.performance?.result;
    expect(performance?.currentEvents).toBe(2);
    expect(performance?.status).toBe('insufficient_data');
    expect(performance?.metrics[0]?.changeLow).toBeNull();
  });

  it('has no performance without a label column, or without a labelled event', async () => {
    await platform({ labelled: 'false' });
    const unlabelled = await start({ database: scratch.db }).done;
    expect(unlabelled.models[0]?.performance).toBeNull();
    await execute(scratch.db, 'ALTER TABLE model_events DROP COLUMN label');
    const summary = await start({ database: scratch.db }).done;
    expect(summary.models[0]?.performance).toBeNull();
    expect(await performanceRows(summary.runId)).toEqual([]);
  });

  it("takes the task from model_metadata's task column, and a regression's RMSE rule", async () => {
    await platform({
      extra: [
        'ALTER TABLE model_metadata ADD COLUMN task VARCHAR',
        "UPDATE model_metadata SET task = 'regression'",
      ],
    });
    const summary = await start({ database: scratch.db }).done;
    const performance = summary.models[0]?.performance?.result;
    expect(performance).toMatchObject({ task: 'regression', taskSource: 'model_metadata' });
    expect(performance?.metrics.map((m) => m.metric)).toEqual(['rmse', 'mae', 'mean_error']);
    // Errors of at most 0.5 become errors of up to 1: the RMSE rises far more than 25%.
    expect(performance?.status).toBe('alert');
  });

  it('fails the model with one line when the task column holds something else', async () => {
    await platform({
      extra: [
        'ALTER TABLE model_metadata ADD COLUMN task VARCHAR',
        "UPDATE model_metadata SET task = 'ranking'",
      ],
    });
    const summary = await start({ database: scratch.db }).done;
    expect(summary.models[0]).toMatchObject({
      status: 'error',
      error: `task must be 'binary_classification' or 'regression', got "ranking"`,
    });
  });

  it('fails the model with one line when a binary model has a label other than 0 or 1', async () => {
    await platform({
      extra: [
        'ALTER TABLE model_metadata ADD COLUMN task VARCHAR',
        "UPDATE model_metadata SET task = 'binary_classification'",
        'UPDATE model_events SET label = 2 WHERE label IS NOT NULL AND event_time = (SELECT max(event_time) FROM model_events WHERE label IS NOT NULL)',
      ],
    });
    const summary = await start({ database: scratch.db }).done;
    expect(summary.models[0]).toMatchObject({
      status: 'error',
      error: 'binary_classification needs labels 0 or 1, got 2',
    });
  });
});

describe('an older drift_results table', () => {
  it('gets the performance columns added before the first run writes them', async () => {
    await platform({
      extra: [
        'CREATE TABLE drift_results (run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, target VARCHAR NOT NULL, status VARCHAR NOT NULL, computed_at TIMESTAMP NOT NULL)',
      ],
    });
    const summary = await startServiceC({ database: scratch.db }).done;
    const rows = await performanceRows(summary.runId);
    expect(rows).toHaveLength(5);
    expect(rows[1]?.metric_reference).toBe(1);
  });
});

describe('performance gauges', () => {
  /** A gauge's series, in label order: a restored registry adds them in another order. */
  const series = async (registry: Registry, name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values
      .map(({ labels, value }) => ({ labels, value }))
      .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));

  it('show both windows per metric and the status, and come back from drift_results after a restart', async () => {
    await platform();
    const registry = new Registry();
    const summary = await startServiceC({ database: scratch.db, ...createDriftMetrics(registry).hooks }).done;
    const shown = await series(registry, 'drift_model_performance');
    const auc = summary.models[0]?.performance?.result.metrics[0];
    expect(shown).toContainEqual({
      labels: { model: 'model_a', metric: 'auc', window: 'reference' },
      value: 1,
    });
    expect(shown).toContainEqual({
      labels: { model: 'model_a', metric: 'auc', window: 'current' },
      value: auc?.current,
    });
    expect(shown).toHaveLength(10);
    expect(await series(registry, 'drift_model_performance_status')).toEqual([
      { labels: { model: 'model_a' }, value: 2 },
    ]);

    const restored = new Registry();
    const snapshots = await loadLatestSnapshots(scratch.db, defaultRunOptions.schema, settingsOf('node'));
    await createDriftMetrics(restored).restore(snapshots);
    for (const name of ['drift_model_performance', 'drift_model_performance_status']) {
      expect(await series(restored, name)).toEqual(await series(registry, name));
    }
  });

  it('drop a model whose labels are gone', async () => {
    await platform();
    const registry = new Registry();
    const metrics = createDriftMetrics(registry);
    await startServiceC({ database: scratch.db, ...metrics.hooks }).done;
    await execute(scratch.db, 'UPDATE model_events SET label = NULL');
    await startServiceC({ database: scratch.db, ...metrics.hooks }).done;
    expect(await series(registry, 'drift_model_performance')).toEqual([]);
    expect(await series(registry, 'drift_model_performance_status')).toEqual([]);
  });
});

describe('the Redis message', () => {
  it("carries the model's performance: status, task, and each metric's windows, change and interval", async () => {
    await platform();
    const prefix = `test:service-c:${randomUUID()}:`;
    const keys = { stream: `${prefix}events`, hashPrefix: `${prefix}model:` };
    const publisher = await createRedisPublisher({ url: 'redis://127.0.0.1:6379', ...keys, log: () => {} });
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const summary = await startServiceC({ database: scratch.db, ...publisher.hooks }).done;
      const performance = JSON.parse((await redis.hget(`${keys.hashPrefix}model_a`, 'performance')) ?? '');
      const result = summary.models[0]?.performance?.result;
      const auc = result?.metrics[0];
      expect(performance).toMatchObject({ status: 'alert', task: 'binary_classification' });
      expect(Object.keys(performance.metrics)).toEqual([
        'accuracy',
        'auc',
        'brier',
        'log_loss',
        'positive_rate',
      ]);
      expect(performance.metrics.auc).toEqual({
        reference: auc?.reference,
        current: auc?.current,
        change: auc?.change,
        changeLow: auc?.changeLow,
        changeHigh: auc?.changeHigh,
      });
    } finally {
      publisher.close();
      await redis.del(keys.stream, `${keys.hashPrefix}model_a`);
      redis.disconnect();
    }
  });
});
