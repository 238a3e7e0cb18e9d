import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lazyEngine } from '../src/engine/lazyEngine.js';
import { openEngine } from '../src/engine/openEngine.js';
import { modelJobId, runJobId } from '../src/queue/jobIds.js';
import { QueueError } from '../src/queue/queueError.js';
import { fromWire, toWire } from '../src/queue/wire.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { settingsOf } from './support/engines.js';
import { type OwnRedis, startOwnRedis } from './support/ownRedis.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { QUEUE_ENV, QUEUE_SECRET } from './support/queue.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const scratch = scratchDatabasePerTest();

describe('a job payload on the wire', () => {
  it('gives back every double bit for bit, NaN, ±Infinity and -0 included, and Dates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double()),
        fc.string(),
        fc.date({ noInvalidDate: true }),
        (numbers, name, at) => {
          const value = { numbers, name, at, nested: { numbers } };
          const back = fromWire<typeof value>(toWire(value));
          expect(back).toEqual(value);
          for (const [i, n] of back.numbers.entries()) expect(Object.is(n, numbers[i])).toBe(true);
        },
      ),
    );
  });
});

describe('job ids', () => {
  it('hold no colon, are never all digits, are one per run and model, and differ between models', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.string(), (runId, a, b) => {
        for (const id of [runJobId(runId), modelJobId(runId, a)]) {
          expect(id).not.toContain(':');
          expect(id).not.toMatch(/^\d+$/);
        }
        expect(modelJobId(runId, a)).toBe(modelJobId(runId, a));
        if (a !== b) expect(modelJobId(runId, a)).not.toBe(modelJobId(runId, b));
      }),
    );
  });
});

/** Whether another process can open the file for writing right now. */
function othersCanOpen(path: string): boolean {
  const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
    try { (await DuckDBInstance.create(process.argv[1])).closeSync(); } catch { process.exit(3); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, path], {
    cwd: new URL('..', import.meta.url).pathname,
  });
  return result.status === 0;
}

describe('an engine that opens lazily', () => {
  // The idle close is a timer: fake timers move the clock, so the test decides when idleMs has passed.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds the file only while statements run or a transaction is open', async () => {
    await execute(scratch.db, 'CREATE TABLE t(x INTEGER)');
    const IDLE_MS = 20;
    let opens = 0;
    let closes = 0;
    let closed: () => void = () => {};
    const nextClose = () =>
      new Promise<void>((resolve) => {
        closed = resolve;
      });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const engine = lazyEngine(
      async () => {
        opens++;
        const opened = await openEngine(scratch.db, settingsOf('node'));
        return {
          ...opened,
          close: async () => {
            await opened.close();
            closes++;
            closed();
          },
        };
      },
      'node',
      IDLE_MS,
    );
    try {
      expect(opens).toBe(0);
      await engine.run('BEGIN TRANSACTION');
      await engine.run('INSERT INTO t VALUES (1)');
      // Inside a transaction no idle time closes it.
      await vi.advanceTimersByTimeAsync(100 * IDLE_MS);
      expect(closes).toBe(0);
      expect(othersCanOpen(scratch.db)).toBe(false);
      await engine.run('COMMIT');
      await vi.advanceTimersByTimeAsync(IDLE_MS - 1);
      expect(closes).toBe(0);
      const closing = nextClose();
      await vi.advanceTimersByTimeAsync(1);
      await closing;
      expect(closes).toBe(1);
      expect(othersCanOpen(scratch.db)).toBe(true);
      expect(await engine.rows('SELECT count(*) FROM t')).toEqual([[1]]);
      expect(opens).toBe(2);
    } finally {
      await engine.close();
    }
  });
});

describe('a Redis that evicts keys', () => {
  let redis: OwnRedis;
  let url: string;
  beforeAll(async () => {
    redis = await startOwnRedis(['--maxmemory-policy', 'allkeys-lru']);
    url = redis.url;
  });
  afterAll(() => redis.kill());

  it('is refused by a queue run with one line, before the database is touched', async () => {
    await execute(scratch.db, 'CREATE TABLE model_metadata(model_name VARCHAR)');
    const run = startServiceC({
      database: scratch.db,
      queue: { url, name: 'evicting', secret: QUEUE_SECRET },
    });
    await expect(run.done).rejects.toThrow(QueueError);
    await expect(run.done).rejects.toThrow(
      /^Redis at 127\.0\.0\.1:\d+ has maxmemory-policy allkeys-lru; a queue needs noeviction \(BullMQ loses jobs whose keys are evicted\)$/,
    );
    expect(await query(scratch.db, 'SELECT table_name FROM information_schema.tables')).toEqual([
      { table_name: 'model_metadata' },
    ]);
  });

  it('is refused by a worker with one line and exit code 2', () => {
    const result = spawnSync(process.execPath, [cli, 'worker', '--queue', url, '--db', scratch.db], {
      encoding: 'utf8',
      env: QUEUE_ENV,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/maxmemory-policy allkeys-lru; a queue needs noeviction/);
  });
});
