import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
    expect(await trimStream(redis, stream, WEEK)).toEqual({ trimmed: 0, holdingBack: ['slow-reader'] });
    expect(await ids()).toEqual(all);
  });

  it('keeps every entry a consumer group has read but not acknowledged', async () => {
    const all = await fillStream();
    await redis.xgroup('CREATE', stream, 'service-d', '0');
    await redis.xreadgroup('GROUP', 'service-d', 'worker-1', 'COUNT', 250, 'STREAMS', stream, '>');
    await redis.xack(stream, 'service-d', ...all.slice(0, 120));
    const { trimmed, holdingBack } = await trimStream(redis, stream, WEEK);
    expect(holdingBack).toEqual(['service-d']);
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

  it('rejects an age limit that is not a positive number of milliseconds', async () => {
    await expect(createRedisPublisher({ url: REDIS_URL, streamMaxAgeMs: 0 })).rejects.toThrow(
      'redis publisher.streamMaxAgeMs must be a positive number, got 0',
    );
  });
});
