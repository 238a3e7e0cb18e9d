import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisPublisher, type RedisPublisher } from '../src/publish/redisPublisher.js';
import { defaultSchema } from '../src/run/options.js';
import { ensureOutbox } from '../src/store/ensureOutbox.js';
import { createHistory, type PastRun } from './support/driftHistory.js';
import { openTestEngine } from './support/engines.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR);

let redis: Redis;
beforeAll(() => {
  redis = new Redis('redis://127.0.0.1:6379');
});
afterAll(() => redis.disconnect());

let keys: { stream: string; hashPrefix: string };
let publisher: RedisPublisher | undefined;
beforeEach(() => {
  const prefix = `test:service-c:${randomUUID()}:`;
  keys = { stream: `${prefix}events`, hashPrefix: `${prefix}model:` };
  publisher = undefined;
});
afterEach(async () => {
  publisher?.close();
  const owned = await redis.keys(`${keys.stream.replace(/events$/, '')}*`);
  if (owned.length > 0) await redis.del(...owned);
});

/** Publishes what waits in the store's outbox, outside a run; resolves to `run model` per stream entry. */
async function publishPending(): Promise<string[]> {
  publisher ??= await createRedisPublisher({ url: 'redis://127.0.0.1:6379', ...keys, log: () => {} });
  const engine = await openTestEngine(scratch.db, 'node');
  try {
    await publisher.publishPending(engine);
  } finally {
    await engine.close();
  }
  const entries = await redis.xrange(keys.stream, '-', '+');
  return entries.map(([, fields]) => `${fields[1]} ${fields[3]}`);
}

const outbox = () => query(scratch.db, 'SELECT run_id, model_name FROM drift_outbox ORDER BY ALL');
const unstamped = async () =>
  (await query(scratch.db, 'SELECT count(*)::INTEGER AS n FROM drift_results WHERE published_at IS NULL'))[0]
    ?.n;

describe('the outbox', () => {
  it('publishes in order of computed_at, then run id, then model name, whatever the order written', async () => {
    const runs: PastRun[] = [
      { model: 'b', run: 'r2', at: at(2), pending: true },
      { model: 'a', run: 'r2', at: at(2), pending: true },
      { model: 'z', run: 'r1', at: at(1), pending: true },
      { model: 'a', run: 'r3', at: at(2), pending: true },
    ];
    await createHistory(scratch.db, runs);
    expect(await publishPending()).toEqual(['r1 z', 'r2 a', 'r2 b', 'r3 a']);
  });

  it('takes each result out of the outbox and stamps its rows exactly once', async () => {
    await createHistory(scratch.db, [
      { model: 'a', run: 'r1', at: at(1) },
      { model: 'a', run: 'r2', at: at(2), pending: true, features: 3 },
    ]);
    const before = await query(
      scratch.db,
      `SELECT published_at::VARCHAR AS at FROM drift_results WHERE run_id = 'r1'`,
    );
    expect(await unstamped()).toBe(4);
    expect(await publishPending()).toEqual(['r2 a']);
    expect(await outbox()).toEqual([]);
    expect(await unstamped()).toBe(0);
    // An earlier publication keeps its stamp, and nothing is sent twice.
    expect(
      await query(scratch.db, `SELECT published_at::VARCHAR AS at FROM drift_results WHERE run_id = 'r1'`),
    ).toEqual(before);
    expect(await publishPending()).toEqual(['r2 a']);
  });

  it('takes over the unpublished results of a store from before the outbox, and publishes them once', async () => {
    await createHistory(scratch.db, [
      { model: 'a', run: 'r1', at: at(1) },
      { model: 'a', run: 'r2', at: at(2), pending: true },
      { model: 'b', run: 'r2', at: at(2), pending: true },
    ]);
    // Before the outbox, published_at IS NULL was the queue.
    await execute(scratch.db, 'DROP TABLE drift_outbox');
    const engine = await openTestEngine(scratch.db, 'node');
    try {
      await ensureOutbox(engine, defaultSchema);
      await ensureOutbox(engine, defaultSchema);
    } finally {
      await engine.close();
    }
    expect(await outbox()).toEqual([
      { run_id: 'r2', model_name: 'a' },
      { run_id: 'r2', model_name: 'b' },
    ]);
    expect(await publishPending()).toEqual(['r2 a', 'r2 b']);
    expect(await publishPending()).toEqual(['r2 a', 'r2 b']);
    expect(await unstamped()).toBe(0);
  });
});
