// The outbox and the retention at platform scale, on the stores of bench/scaleStore.ts: publishing per
// model in a real run against 100 and 2,000 runs of history, and the retention's cost and effect.

import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { openEngine } from '../src/engine/openEngine.js';
import { createRedisPublisher } from '../src/publish/redisPublisher.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../src/run/options.js';
import { ensureDriftSchema } from '../src/store/ensureDriftSchema.js';
import { ensureOutbox } from '../src/store/ensureOutbox.js';
import { pruneDriftResults } from '../src/store/pruneDriftResults.js';
import { type Figure, printFigures } from './scale.js';
import { makeScaleStore, scaleFeatures, scaleFirstRun, scaleModels } from './scaleStore.js';

const HOUR = 3_600_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Part of `npm run bench -- scale`: publishing per model, then the retention, as one table. */
export async function publishScaleBench(): Promise<void> {
  const figures: Figure[] = [];
  for (const runs of [100, 2_000]) figures.push(...(await publishingPerModel(runs)));
  figures.push(...(await retentionFigures(2_000)));
  console.log(`\nOutbox and retention: ${scaleModels} models x ${scaleFeatures} features`);
  printFigures(figures);
}

/** A scratch copy of the cached store (the bench writes to it), removed by `remove`. */
async function scratchCopy(runs: number): Promise<{ path: string; remove: () => void }> {
  const path = join(tmpdir(), `service-c-scale-${randomUUID()}.duckdb`);
  copyFileSync(await makeScaleStore(runs), path);
  return { path, remove: () => rmSync(path, { force: true }) };
}

/**
 * The next hourly run's writes, model by model as a run commits them (the newest run's rows copied under a
 * new run id, with the model's outbox row, in one transaction), each followed by the publisher's work for
 * that model, timed. The analysis itself is left out: it does not touch drift_results.
 */
async function publishingPerModel(runs: number): Promise<Figure[]> {
  const store = await scratchCopy(runs);
  const stream = `bench:service-c:${randomUUID()}`;
  const publisher = await createRedisPublisher({ url: REDIS_URL, stream, hashPrefix: `${stream}:model:` });
  const engine = await openEngine(store.path, engineSettings(defaultRunOptions));
  const perModel: number[] = [];
  try {
    await ensureDriftSchema(engine, defaultSchema);
    await ensureOutbox(engine, defaultSchema);
    const newest = new Date(scaleFirstRun + (runs - 1) * HOUR);
    const next = new Date(scaleFirstRun + runs * HOUR);
    const runId = randomUUID();
    const models = await engine.rows('SELECT model_name FROM model_metadata ORDER BY ALL');
    for (const [model] of models as [string][]) {
      await engine.run('BEGIN TRANSACTION');
      await engine.run(
        `INSERT INTO drift_results SELECT * REPLACE (?::VARCHAR AS run_id, ?::TIMESTAMP AS computed_at,
           NULL::TIMESTAMP AS published_at) FROM drift_results WHERE computed_at = ?::TIMESTAMP AND model_name = ?`,
        [runId, next, newest, model],
      );
      await engine.run(
        `INSERT INTO drift_outbox SELECT run_id, model_name, computed_at, status, model_score FROM drift_results
         WHERE computed_at = ?::TIMESTAMP AND model_name = ? AND target = 'model'`,
        [next, model],
      );
      await engine.run('COMMIT');
      const started = performance.now();
      await publisher.publishPending(engine);
      perModel.push(performance.now() - started);
    }
    const [left] = await engine.rows('SELECT count(*) FROM drift_outbox');
    if (Number(left?.[0]) !== 0) throw new Error('a model was not published');
  } finally {
    await engine.close();
    publisher.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${stream}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    store.remove();
  }
  const sorted = [...perModel].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return [
    {
      what: `Redis publish per model in a run, ${runs.toLocaleString('en-US')} runs of history, median of ${sorted.length}`,
      ms: at(0.5),
      targetMs: 10,
      note: `p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
    },
  ];
}

/**
 * The retention on the 2,000-run store: a steady hourly run's share (the oldest run leaves the window), then
 * a window cut to 30 days, with the rows and the file's size after a checkpoint.
 */
async function retentionFigures(runs: number): Promise<Figure[]> {
  const store = await scratchCopy(runs);
  const engine = await openEngine(store.path, engineSettings(defaultRunOptions));
  try {
    await ensureOutbox(engine, defaultSchema);
    const rows = async () => Number((await engine.rows('SELECT count(*) FROM drift_results'))[0]?.[0]);
    const size = async () => {
      await engine.run('CHECKPOINT');
      return (statSync(store.path).size / 2 ** 30).toFixed(2);
    };
    const timed = async (days: number, now: number) => {
      const started = performance.now();
      const deleted = await pruneDriftResults(
        engine,
        defaultSchema,
        { days, runsPerModel: null },
        new Date(now),
      );
      return { deleted, ms: performance.now() - started };
    };
    const before = { rows: await rows(), size: await size() };
    // The next hourly run with the window at exactly the history's span: the oldest run goes.
    const spanDays = ((runs - 1) * HOUR) / 86_400_000;
    const steady = await timed(spanDays, scaleFirstRun + runs * HOUR);
    const cut = await timed(30, scaleFirstRun + runs * HOUR);
    const after = { rows: await rows(), size: await size() };
    return [
      {
        what: 'retention in a steady hourly run (the oldest run leaves the window)',
        ms: steady.ms,
        note: `${steady.deleted.toLocaleString('en-US')} rows deleted of ${before.rows.toLocaleString('en-US')}`,
      },
      {
        what: 'retention cut to 30 days',
        ms: cut.ms,
        note: `${cut.deleted.toLocaleString('en-US')} rows deleted, ${after.rows.toLocaleString('en-US')} left; file ${before.size} GiB before, ${after.size} GiB after a checkpoint`,
      },
    ];
  } finally {
    await engine.close();
    store.remove();
  }
}
