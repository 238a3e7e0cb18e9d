// The stream entry Service D acts on (issue 20, item 6): why a model failed, the prediction's drift, the
// score's source, both windows, the thresholds in force, a version; read back with `service-c/events`,
// an entry that loads nothing heavy.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCompareOptions } from '../src/compare/options.js';
import { parseDriftEvent } from '../src/events/parseDriftEvent.js';
import { defaultPerformanceOptions } from '../src/performance/options.js';
import { driftMessage } from '../src/publish/driftMessage.js';
import { createRedisPublisher } from '../src/publish/redisPublisher.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { query, scratchDatabasePerTest } from './support/platformDatabase.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const scratch = scratchDatabasePerTest();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(() => redis.disconnect());

/** One run published to a stream of its own; the stream's entries parsed, by model. */
async function publishedRun(thresholds = {}) {
  const stream = `test:service-c:${randomUUID()}:events`;
  const publisher = await createRedisPublisher({
    url: REDIS_URL,
    stream,
    hashPrefix: `${stream}:m:`,
    thresholds,
  });
  try {
    await startServiceC({ database: scratch.db, threads: 1, ...publisher.hooks }).done;
  } finally {
    publisher.close();
  }
  const entries = await redis.xrange(stream, '-', '+');
  await redis.del(stream, ...(await redis.keys(`${stream}:m:*`)));
  return new Map(
    entries.map(([, fields]) => [parseDriftEvent(fields).model, { fields, event: parseDriftEvent(fields) }]),
  );
}

const iso = (ms: unknown) => new Date(Number(ms));

describe('the stream entry', () => {
  it('carries the error message, the prediction, the score source, both windows and the thresholds', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2_000,
      models: { good: ['clean', 'shifted'], broken: ['no_such_column'] },
    });
    const events = await publishedRun({ psiAlert: 0.3 });

    const broken = events.get('broken')?.event;
    const [failure] = await query(
      scratch.db,
      `SELECT message FROM drift_results WHERE model_name = 'broken' AND target = 'model'`,
    );
    expect(broken?.status).toBe('error');
    expect(typeof failure?.message).toBe('string');
    expect(broken?.message).toBe(failure?.message);

    const good = events.get('good');
    const [prediction] = await query(
      scratch.db,
      `SELECT psi, ks_statistic, ks_pvalue, status FROM drift_results WHERE model_name = 'good' AND target = 'prediction'`,
    );
    const [windows] = await query(
      scratch.db,
      `SELECT epoch_ms(min(reference_first_time))::DOUBLE AS rf, epoch_ms(max(reference_last_time))::DOUBLE AS rt,
              epoch_ms(min(current_first_time))::DOUBLE AS cf, epoch_ms(max(current_last_time))::DOUBLE AS ct
       FROM drift_results WHERE model_name = 'good' AND target IN ('feature', 'prediction')`,
    );
    expect(good?.fields.slice(16, 18)).toEqual(['schema_version', '2']);
    expect(good?.event).toMatchObject({
      schemaVersion: 2,
      message: null,
      scoreSource: 'prediction',
      score: prediction?.psi,
      prediction: {
        psi: prediction?.psi,
        ks: prediction?.ks_statistic,
        ksPValue: prediction?.ks_pvalue,
        status: prediction?.status,
      },
      windows: {
        reference: { from: iso(windows?.rf), to: iso(windows?.rt) },
        current: { from: iso(windows?.cf), to: iso(windows?.ct) },
      },
    });
    expect(good?.event.windows.reference?.from.getTime()).toBeLessThan(
      good?.event.windows.current?.to.getTime() ?? 0,
    );
    expect(good?.event.thresholds).toEqual({
      psiWarning: defaultCompareOptions.psiWarning,
      psiAlert: 0.3,
      ksPValue: defaultCompareOptions.ksPValue,
      ksStatistic: defaultCompareOptions.ksStatistic,
      minCount: defaultCompareOptions.minCount,
      gateAlpha: defaultCompareOptions.gateAlpha,
      aucWarning: defaultPerformanceOptions.aucWarning,
      aucAlert: defaultPerformanceOptions.aucAlert,
      rmseWarning: defaultPerformanceOptions.rmseWarning,
      rmseAlert: defaultPerformanceOptions.rmseAlert,
      minEvents: defaultPerformanceOptions.minEvents,
    });
    expect(Object.keys(good?.event.features ?? {})).toEqual(['clean', 'shifted']);
  });

  it('says max_feature_psi for a model scored by its features, with no prediction', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2_000,
      events: false,
      models: { quiet: ['clean', 'shifted'] },
    });
    const quiet = (await publishedRun()).get('quiet')?.event;
    expect(quiet?.scoreSource).toBe('max_feature_psi');
    expect(quiet?.prediction).toBe(null);
    expect(quiet?.score).toBe(Math.max(...Object.values(quiet?.features ?? {}).map((f) => f.psi ?? -1)));
  });
});

describe('parseDriftEvent', () => {
  const model = { runId: 'r1', model: 'm', status: 'ok', score: 0.1, computedAt: Date.UTC(2026, 0, 2) };

  it('reads an entry written before schema_version (version 1) with the new fields null', () => {
    const v1 = driftMessage(model, []).filter(
      ([field]) =>
        !['schema_version', 'message', 'score_source', 'windows', 'thresholds', 'prediction'].includes(field),
    );
    expect(parseDriftEvent(Object.fromEntries(v1))).toEqual({
      schemaVersion: 1,
      runId: 'r1',
      model: 'm',
      status: 'ok',
      message: null,
      score: 0.1,
      scoreSource: null,
      computedAt: new Date(Date.UTC(2026, 0, 2)),
      windows: { reference: null, current: null },
      thresholds: null,
      features: {},
      prediction: null,
      performance: null,
      performanceEstimated: null,
    });
  });

  it('refuses a newer schema_version, and names a missing field', () => {
    const fields = Object.fromEntries(driftMessage(model, []));
    expect(() => parseDriftEvent({ ...fields, schema_version: '3' })).toThrow(
      'drift event: schema_version 3 is not one this build reads (1 to 2)',
    );
    const { run_id: _, ...noRunId } = fields;
    expect(() => parseDriftEvent(noRunId)).toThrow('drift event: no run_id field');
  });
});

describe('service-c/events', () => {
  /** The modules a fresh Node process resolves while it imports `specifier` (an ESM resolve hook). */
  function modulesLoadedBy(specifier: string): string[] {
    const hook = `data:text/javascript,export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + "\\n"); return r; }`;
    const script = `import { register } from 'node:module'; register(${JSON.stringify(hook)}); const m = await import(${JSON.stringify(specifier)}); process.stdout.write(Object.keys(m).sort().join(','));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url).pathname,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    return [
      result.stdout,
      ...[...result.stderr.matchAll(/^RESOLVED (\S+)$/gm)].map(([, url]) => String(url)),
    ];
  }

  it('exports parseDriftEvent and loads no DuckDB, BullMQ, worker pool, ioredis or prom-client', () => {
    const [exports, ...loaded] = modulesLoadedBy('service-c/events');
    expect(exports).toBe('DRIFT_EVENT_SCHEMA_VERSION,DriftEventError,parseDriftEvent');
    expect(loaded.length).toBeGreaterThan(0);
    expect(
      loaded.filter((url) => /duckdb|bullmq|tinypool|ioredis|prom-client|apache-arrow/.test(url)),
    ).toEqual([]);
    expect(loaded.every((url) => url.includes('/dist/events/'))).toBe(true);
  });

  it('is told apart from the root entry, which does load DuckDB (the probe sees heavy modules)', () => {
    const [, ...loaded] = modulesLoadedBy('service-c');
    expect(loaded.some((url) => url.includes('@duckdb/'))).toBe(true);
  });
});
