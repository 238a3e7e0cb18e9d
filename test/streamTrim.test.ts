import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ageInWords } from '../src/publish/ageInWords.js';
import { createRedisPublisher } from '../src/publish/redisPublisher.js';
import { trimStream } from '../src/publish/trimStream.js';
import { createHistory } from './support/driftHistory.js';
import { openTestEngine } from './support/engines.js';
import { scratchDatabasePerTest } from './support/platformDatabase.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const scratch = scratchDatabasePerTest();

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(() => redis.disconnect());

let stream: string;
beforeEach(() => {
  stream = `test:service-c:${randomUUID()}:events`;
});
afterEach(async () => {
  await redis.del(stream);
});

/** Redis' clock in milliseconds: entry ids are made from it. */
async function redisNow(): Promise<number> {
  const [seconds = 0, micros = 0] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** 300 entries ten days old and 5 from a second ago, oldest first; resolves to their ids. */
async function fillStream(): Promise<string[]> {
  const now = await redisNow();
  const ids = [
    ...Array.from({ length: 300 }, (_, i) => `${now - 10 * DAY}-${i + 1}`),
    ...Array.from({ length: 5 }, (_, i) => `${now - 1000}-${i + 1}`),
  ];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.xadd(stream, id, 'model', 'm');
  await pipeline.exec();
  return ids;
}

const ids = async () => (await redis.xrange(stream, '-', '+')).map(([id]) => id);
const ms = (id: string) => Number(id.split('-')[0]);

describe('trimStream', () => {
  it('deletes entries older than the age limit, and none younger', async () => {
    const all = await fillStream();
    const { trimmed, holdingBack } = await trimStream(redis, stream, WEEK);
    const left = await ids();
    expect(holdingBack).toEqual([]);
    expect(trimmed).toBeGreaterThan(0);
    expect(trimmed).toBe(all.length - left.length);
    // Whole nodes only (~): some old entries may stay, every young one does.
    expect(left.slice(-5)).toEqual(all.slice(-5));
    expect(left).toEqual(all.slice(trimmed));
  });

  it('keeps every entry a consumer group has not read yet, and says which group holds it back', async () => {
    const all = await fillStream();
    await redis.xgroup('CREATE', stream, 'slow-reader', '0');
    const { trimmed, holdingBack } = await trimStream(redis, stream, WEEK);
    expect(trimmed).toBe(0);
    expect(holdingBack.map(({ group }) => group)).toEqual(['slow-reader']);
    // The oldest entry is ten days old (by Redis' clock, read before the trim).
    expect(Math.round((holdingBack[0]?.oldestAgeMs ?? 0) / DAY)).toBe(10);
    expect(await ids()).toEqual(all);
  });

  it('keeps every entry a consumer group has read but not acknowledged', async () => {
    const all = await fillStream();
    await redis.xgroup('CREATE', stream, 'service-d', '0');
    await redis.xreadgroup('GROUP', 'service-d', 'worker-1', 'COUNT', 250, 'STREAMS', stream, '>');
    await redis.xack(stream, 'service-d', ...all.slice(0, 120));
    const { trimmed, holdingBack } = await trimStream(redis, stream, WEEK);
    expect(holdingBack.map(({ group }) => group)).toEqual(['service-d']);
    expect(trimmed).toBeLessThanOrEqual(120);
    expect(await ids()).toEqual(all.slice(trimmed));
  });

  it('trims at each run start through the publisher, and counts what it trimmed', async () => {
    const all = await fillStream();
    const registry = new Registry();
    const logged: string[] = [];
    const publisher = await createRedisPublisher({
      url: REDIS_URL,
      stream,
      hashPrefix: `${stream}:model:`,
      registry,
      log: (line) => logged.push(line),
    });
    await createHistory(scratch.db, []);
    const engine = await openTestEngine(scratch.db, 'node');
    try {
      await publisher.hooks.onRunStart({ runId: 'r', models: [], engine });
    } finally {
      await engine.close();
      publisher.close();
    }
    const left = await ids();
    expect(left.length).toBeLessThan(all.length);
    expect(Math.min(...left.slice(-5).map(ms))).toBeGreaterThan(Date.now() - WEEK);
    const [counter] = (await registry.getMetricsAsJSON()).filter(
      (m) => m.name === 'drift_stream_trimmed_total',
    );
    expect(counter?.values[0]?.value).toBe(all.length - left.length);
    expect(logged).toEqual([]);
  });

  it('holds nothing back for a group created with $ on an empty stream (last delivered 0-0) whose entries are young', async () => {
    await redis.xgroup('CREATE', stream, 'service-d', '$', 'MKSTREAM');
    const now = await redisNow();
    for (let i = 1; i <= 3; i++) await redis.xadd(stream, `${now - 1000}-${i}`, 'model', 'm');
    expect(await trimStream(redis, stream, WEEK)).toEqual({ trimmed: 0, holdingBack: [] });
    expect(await ids()).toHaveLength(3);
  });

  it('says through the publisher which group holds an old entry back, and how old it is, in words', async () => {
    await fillStream();
    await redis.xgroup('CREATE', stream, 'slow-reader', '0');
    const logged: string[] = [];
    const publisher = await createRedisPublisher({
      url: REDIS_URL,
      stream,
      hashPrefix: `${stream}:model:`,
      log: (line) => logged.push(line),
    });
    await createHistory(scratch.db, []);
    const engine = await openTestEngine(scratch.db, 'node');
    try {
      await publisher.hooks.onRunStart({ runId: 'r', models: [], engine });
    } finally {
      await engine.close();
      publisher.close();
    }
    expect(logged).toEqual([
      `redis publisher: consumer group "slow-reader" of ${stream} still needs an entry 10 days old, past the 7 days limit: older entries stay (XGROUP DESTROY a group that is gone)`,
    ]);
  });

  it('words ages in their two largest units', () => {
    expect(
      [500, 45_000, 61_000, 3 * 3_600_000, 8 * DAY + 2 * 3_600_000 + 5_000, WEEK].map(ageInWords),
    ).toEqual([
      'less than a second',
      '45 seconds',
      '1 minute 1 second',
      '3 hours',
      '8 days 2 hours',
      '7 days',
    ]);
  });

  it('rejects an age limit that is not a positive number of milliseconds', async () => {
    await expect(createRedisPublisher({ url: REDIS_URL, streamMaxAgeMs: 0 })).rejects.toThrow(
      'redis publisher.streamMaxAgeMs must be a positive number, got 0',
    );
  });
});
