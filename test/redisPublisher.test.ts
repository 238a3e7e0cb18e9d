import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PublisherError } from '../src/publish/publisherError.js';
import { createRedisPublisher, type RedisPublisher } from '../src/publish/redisPublisher.js';
import type { RunOptionsInput } from '../src/run/options.js';
import type { ModelOutcome } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { OptionsError } from '../src/util/optionsError.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { engines, openTestEngine } from './support/engines.js';
import { execute, query, scratchFolder } from './support/platformDatabase.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const BUDGET_MS = 400;

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(() => redis.disconnect());

let folder: ReturnType<typeof scratchFolder>;
let db: string;
let prefix: string;
let keys: { stream: string; hashPrefix: string };
let publisher: RedisPublisher | undefined;
let proxy: Awaited<ReturnType<typeof redisProxy>> | undefined;
let logged: string[];
beforeEach(() => {
  folder = scratchFolder();
  db = folder.path('platform.duckdb');
  prefix = `test:service-c:${randomUUID()}:`;
  keys = { stream: `${prefix}events`, hashPrefix: `${prefix}model:` };
  publisher = undefined;
  proxy = undefined;
  logged = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  publisher?.close();
  await proxy?.close();
  const owned = await redis.keys(`${prefix}*`);
  if (owned.length > 0) await redis.del(...owned);
  folder.cleanup();
});

/**
 * A TCP proxy to the test Redis that can go away (its port then refuses connections, and the connections
 * through it are cut) and come back on the same port.
 */
async function redisProxy() {
  const sockets = new Set<Socket>();
  const server = createServer((downstream) => {
    const upstream = connect(6379, '127.0.0.1');
    for (const [socket, other] of [
      [downstream, upstream],
      [upstream, downstream],
    ] as const) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        other.destroy();
      });
      socket.pipe(other);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    open: async () => {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
  };
}

/** Production models with features of their own, and an archived model, which is never published. */
async function platform(models: Record<string, string[]>) {
  await createDriftPlatform(db, { rows: 2000, models });
  await execute(
    db,
    `INSERT INTO model_metadata VALUES ('archived_model', 'archived', ['clean'], 'features', 'event_time')`,
  );
}

const publish = (url: string) =>
  createRedisPublisher({ url, ...keys, retryBudgetMs: BUDGET_MS, log: (line) => logged.push(line) });

const threeModels = {
  alpha: ['clean', 'shifted', 'channel'],
  beta: ['shifted', 'channel'],
  gamma: ['channel'],
};

type Entry = Record<string, string>;

async function streamEntries(): Promise<Entry[]> {
  const entries = await redis.xrange(keys.stream, '-', '+');
  return entries.map(([, fields]) => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < fields.length; i += 2) pairs.push([fields[i] ?? '', fields[i + 1] ?? '']);
    return Object.fromEntries(pairs);
  });
}

/** The hooks, with the publisher's tries during each onModelWritten, by the model just written. */
function counted(hooks: RedisPublisher['hooks'], triesWhenWritten: Record<string, Record<string, number>>) {
  const multi = vi.spyOn(Redis.prototype, 'multi');
  return {
    ...hooks,
    onModelWritten: async (event: Parameters<RedisPublisher['hooks']['onModelWritten']>[0]) => {
      const before = multi.mock.calls.length;
      await hooks.onModelWritten(event);
      triesWhenWritten[event.outcome.model] = triesPerModel(multi.mock.calls.slice(before));
    },
  };
}

/** The model rows of drift_results in the order the stream must follow. */
const modelRows = () =>
  query(
    db,
    `SELECT run_id, model_name, epoch_ms(computed_at)::DOUBLE AS computed_at, published_at IS NOT NULL AS published
     FROM drift_results WHERE target = 'model' ORDER BY computed_at, run_id, model_name`,
  );

/** How many drift_results rows match a condition. */
const rowCount = async (where: string) =>
  Number((await query(db, `SELECT count(*)::INTEGER AS n FROM drift_results WHERE ${where}`))[0]?.n);

/**
 * How many times the publisher tried to send each model's result to this test's stream: it sends a result
 * as one MULTI (the stream entry and the hash); a spy on `multi` records the calls, passing each on.
 */
function triesPerModel(calls: readonly unknown[][]): Record<string, number> {
  const tries: Record<string, number> = {};
  for (const [commands] of calls) {
    const xadd = (commands as string[][] | undefined)?.find(
      ([command, stream]) => command === 'xadd' && stream === keys.stream,
    );
    if (xadd === undefined) continue;
    const fields = xadd.slice(3);
    const model = fields[fields.findIndex((field, i) => i % 2 === 0 && field === 'model') + 1] ?? '';
    tries[model] = (tries[model] ?? 0) + 1;
  }
  return tries;
}

const featureSummaries = (outcome: ModelOutcome) =>
  Object.fromEntries(
    outcome.features.map(({ feature, result }) => [
      feature,
      {
        psi: result.psi,
        ks: result.ks?.statistic ?? null,
        ksPValue: result.ks?.pvalue ?? null,
        status: result.status,
      },
    ]),
  );

describe.each(engines)('createRedisPublisher with the %s engine', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  it('appends one entry per production model to the stream, keeps the latest in its hash and stamps every row', async () => {
    const models = Object.keys(threeModels);
    await platform(threeModels);
    publisher = await publish(REDIS_URL);
    const first = await start({ database: db, ...publisher.hooks }).done;
    const entries = await streamEntries();
    const computedAt = new Map((await modelRows()).map((row) => [row.model_name, row.computed_at as number]));
    expect(
      entries.map(({ features, ...fields }) => ({ ...fields, features: JSON.parse(features ?? '') })),
    ).toEqual(
      first.models.map((outcome) => ({
        run_id: first.runId,
        model: outcome.model,
        status: outcome.status,
        score: String(outcome.score),
        computed_at: new Date(computedAt.get(outcome.model) ?? Number.NaN).toISOString(),
        features: featureSummaries(outcome),
        performance: '',
        performance_estimated: '',
        schema_version: '2',
        message: '',
        score_source: 'prediction',
        prediction: expect.stringMatching(/^\{"psi":/),
        windows: expect.stringMatching(/^\{"reference":\{"from":"20/),
        thresholds: expect.stringMatching(/^\{"psiWarning":0\.1,"psiAlert":0\.25,/),
      })),
    );
    expect(entries.map((entry) => entry.model)).toEqual(models);
    expect(await rowCount('published_at IS NULL')).toBe(0);
    expect(await rowCount(`target = 'prediction' AND published_at IS NOT NULL`)).toBe(models.length);

    const second = await start({ database: db, ...publisher.hooks }).done;
    const latest = await streamEntries();
    expect(latest).toHaveLength(2 * models.length);
    for (const model of models) {
      const hash = await redis.hgetall(`${keys.hashPrefix}${model}`);
      expect(hash).toEqual(latest.find((entry) => entry.run_id === second.runId && entry.model === model));
    }
    expect(await redis.exists(`${keys.hashPrefix}archived_model`)).toBe(0);
    expect(logged).toEqual([]);
  });

  it('keeps what Redis missed during an outage and publishes it once, in order, when Redis is back', async () => {
    await platform(threeModels);
    proxy = await redisProxy();
    publisher = await publish(proxy.url);
    const tries: Record<string, Record<string, number>> = {};
    const hooks = counted(publisher.hooks, tries);
    const first = await start({
      database: db,
      ...hooks,
      onModelWritten: async (event) => {
        await hooks.onModelWritten(event);
        if (event.outcome.model === 'alpha') await proxy?.close();
      },
    }).done;
    expect(first.outcome).toBe('success');
    // Alpha was published at once. Beta, the oldest unpublished result from then on, was tried until the
    // run's budget was spent, and once more, quickly, when gamma was written: the outage costs the run one
    // budget, not one per model.
    expect(tries).toEqual({ alpha: { alpha: 1 }, beta: { beta: expect.any(Number) }, gamma: { beta: 1 } });
    // The oldest unpublished result goes first, so each try stops at beta. The reason is the failed reconnect,
    // or, when the run's budget ran out before ioredis' first reconnect attempt failed (a slow engine on a
    // loaded machine), ioredis' own word for the closed connection.
    expect(logged).toEqual([
      expect.stringMatching(
        /did not take the result of model "beta" .* within the 400 ms budget \((.*ECONNREFUSED.*|Stream isn't writeable.*)\); 1 result/,
      ),
      expect.stringMatching(/did not take the result of model "beta" .*; 2 result/),
    ]);
    expect((await modelRows()).map((row) => [row.model_name, row.published])).toEqual([
      ['alpha', true],
      ['beta', false],
      ['gamma', false],
    ]);
    expect(await rowCount(`model_name = 'alpha' AND published_at IS NULL`)).toBe(0);
    expect(await rowCount(`model_name <> 'alpha' AND published_at IS NOT NULL`)).toBe(0);
    expect((await streamEntries()).map((entry) => entry.model)).toEqual(['alpha']);

    await proxy.open();
    const publishedBeforeFirstModel: number[] = [];
    const second = await start({
      database: db,
      ...publisher.hooks,
      onModelWritten: async (event) => {
        publishedBeforeFirstModel.push(await redis.xlen(keys.stream));
        await publisher?.hooks.onModelWritten(event);
      },
    }).done;
    // onRunStart published the first run's leftovers before this run wrote anything.
    expect(publishedBeforeFirstModel[0]).toBe(3);
    const published = (await streamEntries()).map((entry) => `${entry.run_id} ${entry.model}`);
    expect(published).toEqual((await modelRows()).map((row) => `${row.run_id} ${row.model_name}`));
    expect(published).toEqual([
      ...['alpha', 'beta', 'gamma'].map((model) => `${first.runId} ${model}`),
      ...['alpha', 'beta', 'gamma'].map((model) => `${second.runId} ${model}`),
    ]);
    expect(await rowCount('published_at IS NULL')).toBe(0);
    expect(logged).toHaveLength(2);
  });

  it('carries on with a warning when Redis cannot be reached at start, and publishes everything later', async () => {
    await platform({ alpha: ['clean', 'shifted'], beta: ['channel'] });
    proxy = await redisProxy();
    await proxy.close();
    publisher = await publish(proxy.url);
    expect(logged).toEqual([
      expect.stringMatching(/cannot reach Redis at 127\.0\.0\.1:\d+ \(.*ECONNREFUSED/),
    ]);
    const tries: Record<string, Record<string, number>> = {};
    const summary = await start({ database: db, ...counted(publisher.hooks, tries) }).done;
    expect(summary.outcome).toBe('success');
    expect(summary.models.map((model) => model.status)).not.toContain('error');
    // Alpha's tries spent the run's budget; when beta was written, alpha (the oldest) got one quick try.
    expect(tries).toEqual({ alpha: { alpha: expect.any(Number) }, beta: { alpha: 1 } });
    // onRunStart had nothing to publish; each model was left for later once.
    expect(logged).toHaveLength(3);
    expect(await redis.exists(keys.stream)).toBe(0);
    expect(await rowCount('published_at IS NOT NULL')).toBe(0);

    await proxy.open();
    const outsideRun = await openTestEngine(db, engine);
    try {
      await publisher.publishPending(outsideRun);
    } finally {
      await outsideRun.close();
    }
    expect((await streamEntries()).map((entry) => [entry.run_id, entry.model])).toEqual([
      [summary.runId, 'alpha'],
      [summary.runId, 'beta'],
    ]);
    expect(await rowCount('published_at IS NULL')).toBe(0);
  });

  it('publishes hostile model and feature names intact, as data', async () => {
    const models = [`m'); DROP TABLE model_metadata; --`, 'a "quoted" model with spaces', 'drift:model:*'];
    const features = ['__proto__', `x" FROM y; DROP TABLE drift_results; --`];
    await platform(Object.fromEntries(models.map((model) => [model, ['clean', ...features]])));
    for (const feature of features) {
      const column = `"${feature.replaceAll('"', '""')}"`;
      await execute(
        db,
        `ALTER TABLE features ADD COLUMN ${column} DOUBLE`,
        `UPDATE features SET ${column} = clean`,
      );
    }
    publisher = await publish(REDIS_URL);
    const summary = await start({ database: db, ...publisher.hooks }).done;
    const entries = await streamEntries();
    expect(entries.map((entry) => entry.model)).toEqual(summary.models.map((outcome) => outcome.model));
    expect([...models].sort()).toEqual(summary.models.map((outcome) => outcome.model).sort());
    for (const outcome of summary.models) {
      const hash = await redis.hgetall(`${keys.hashPrefix}${outcome.model}`);
      expect(hash.model).toBe(outcome.model);
      const summaries = JSON.parse(hash.features ?? '');
      expect(Object.keys(summaries).sort()).toEqual(['clean', ...features].sort());
      expect(summaries).toEqual(featureSummaries(outcome));
    }
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM model_metadata')).toEqual([{ n: 4 }]);
    expect(await rowCount('published_at IS NULL')).toBe(0);
  });
});

describe('createRedisPublisher with a database index Redis does not have', () => {
  it('refuses it in one line instead of publishing to database 0', async () => {
    await expect(publish('redis://127.0.0.1:6379/99')).rejects.toBeInstanceOf(PublisherError);
    await expect(publish('redis://127.0.0.1:6379/99')).rejects.toThrow(
      new PublisherError('Redis at 127.0.0.1:6379 has no database 99 (ERR DB index is out of range)'),
    );
  });
});

describe('createRedisPublisher options', () => {
  it('go through the option rules: every problem named in one OptionsError, before Redis is asked', async () => {
    const refused = createRedisPublisher({
      url: 'http://127.0.0.1:6379',
      stream: '',
      retryBudgetMs: -1,
      schema: { driftResults: '' },
    });
    await expect(refused).rejects.toBeInstanceOf(OptionsError);
    await expect(refused).rejects.toThrow(
      new OptionsError(
        'invalid options: redis publisher.url must be a redis://HOST:PORT[/DB] or rediss:// URL, DB a number, ' +
          'got "http://127.0.0.1:6379"; redis publisher.stream must be a non-empty string, got ""; ' +
          'redis publisher.retryBudgetMs must be a positive number, got -1; ' +
          'redis publisher.schema.driftResults must be a non-empty string, got ""',
      ),
    );
  });
});
