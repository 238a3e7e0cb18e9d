import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { outageLog } from '../src/queue/outageLog.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { type OwnRedis, startOwnRedis } from './support/ownRedis.js';
import { query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { QUEUE_ENV, QUEUE_SECRET, queuePerTest, REDIS_URL } from './support/queue.js';
import { pollUntil, spawnServiceC } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();
const queue = queuePerTest();

// Redis servers of this file's own (each test may kill its own), stopped after each test.
const servers: OwnRedis[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.kill()));
});
async function ownRedis(): Promise<OwnRedis> {
  const server = await startOwnRedis();
  servers.push(server);
  return server;
}

const MODELS = { model_a: ['clean', 'channel'], model_b: ['shifted'] };

/** Waits until the queue at `url` holds `count` jobs waiting for a worker. */
async function waitingJobs(url: string, count: number) {
  const models = new Queue(queue.name, { connection: { url } });
  models.on('error', () => {});
  try {
    await pollUntil(`${count} waiting jobs`, async () =>
      (await models.getWaitingCount()) === count ? true : undefined,
    );
  } finally {
    await models.close();
  }
}

/** A queue run on `url`, its log lines collected. */
function queueRun(url: string, more: { outageMs?: number } = {}) {
  const log: string[] = [];
  const run = startServiceC({
    database: scratch.db,
    queue: { url, name: queue.name, secret: QUEUE_SECRET, log: (line) => log.push(line), ...more },
  });
  return { run, log };
}

describe('a queue run whose Redis goes away', () => {
  it('adds again the jobs a Redis restarted without persistence lost, and writes every model once', async () => {
    await createDriftPlatform(scratch.db, { models: MODELS });
    const redis = await ownRedis();
    const { run, log } = queueRun(redis.url);
    await waitingJobs(redis.url, 2);
    await redis.kill();
    await redis.restart();
    await queue.startWorker([scratch.db], [], { url: redis.url, env: QUEUE_ENV });
    const summary = await run.done;

    expect(summary.models.map((m) => [m.model, m.error])).toEqual([
      ['model_a', null],
      ['model_b', null],
    ]);
    expect(log.filter((line) => line.includes('added again'))).toEqual([
      `run ${run.runId}: 2 job(s) gone from Redis (restarted without persistence?): added again`,
    ]);
    const rows = await query(
      scratch.db,
      `SELECT model_name, count(*)::INTEGER AS n FROM drift_results GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { model_name: 'model_a', n: 4 },
      { model_name: 'model_b', n: 3 },
    ]);
  });

  it('stops waiting for a Redis gone for good after outageMs: its models are errors, the outage said in one line', async () => {
    await createDriftPlatform(scratch.db, { models: MODELS });
    const redis = await ownRedis();
    const { run, log } = queueRun(redis.url, { outageMs: 3000 });
    await waitingJobs(redis.url, 2);
    await redis.kill();
    const summary = await run.done;

    const gaveUp =
      /^Redis at 127\.0\.0\.1:\d+ unreachable for \d+ s: the run stopped waiting for this model's job$/;
    expect(summary.models.map((m) => [m.model, m.status])).toEqual([
      ['model_a', 'error'],
      ['model_b', 'error'],
    ]);
    for (const model of summary.models) expect(model.error).toMatch(gaveUp);
    expect(log.filter((line) => line.includes('unreachable ('))).toEqual([
      expect.stringMatching(
        /^Redis at 127\.0\.0\.1:\d+ unreachable \(connect ECONNREFUSED [\d.:]+\); trying again, said at most once a minute$/,
      ),
    ]);
    expect(log.at(-1)).toMatch(/does not answer; the next run on the queue removes them$/);
  });

  it('says an outage in one line however many clients report it, at most once per period', () => {
    const lines: string[] = [];
    const report = outageLog((line) => lines.push(line), '127.0.0.1:1', 60_000);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 50; i++) report(refused);
    report(new Error('NOPERM this user has no permissions to run the "keys" command'));
    expect(lines).toEqual([
      'Redis at 127.0.0.1:1 unreachable (connect ECONNREFUSED 127.0.0.1:1); trying again, said at most once a minute',
      'NOPERM this user has no permissions to run the "keys" command',
    ]);
  });

  it('ends a coordinator and a worker on the first SIGTERM while Redis is down, with one line each and no stack', async () => {
    await createDriftPlatform(scratch.db, { models: MODELS });
    const redis = await ownRedis();
    const worker = spawnServiceC(
      [
        'worker',
        '--queue',
        redis.url,
        '--queue-name',
        `${queue.name}-idle`,
        '--db',
        scratch.db,
        '--threads',
        '1',
      ],
      QUEUE_ENV,
    );
    const coordinator = spawnServiceC(
      ['run', '--db', scratch.db, '--queue', redis.url, '--queue-name', queue.name],
      QUEUE_ENV,
    );
    await pollUntil('the worker to listen', () =>
      worker.stderr().includes('worker on queue') ? true : undefined,
    );
    await waitingJobs(redis.url, 2);
    await redis.kill();
    for (const proc of [worker, coordinator]) {
      await pollUntil('the outage line', () => (proc.stderr().includes('unreachable') ? true : undefined), {
        timeoutMs: 60_000,
      });
      proc.child.kill('SIGTERM');
    }
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await coordinator.exited).toEqual({ code: 0, signal: null });
    for (const proc of [worker, coordinator]) {
      const lines = proc.stderr().trimEnd().split('\n');
      expect(lines.every((line) => line.startsWith('service-c: '))).toBe(true);
      expect(lines.filter((line) => line.includes('unreachable ('))).toHaveLength(1);
    }
  });
});

describe('a queue run', () => {
  it('refuses to overlap another queue run on the same database, as two local runs do, in one line', async () => {
    await createDriftPlatform(scratch.db, { models: MODELS });
    const coordinator = () =>
      spawnServiceC(['run', '--db', scratch.db, '--queue', REDIS_URL, '--queue-name', queue.name], QUEUE_ENV);
    const first = coordinator();
    await waitingJobs(REDIS_URL, 2);
    const second = coordinator();
    expect(await second.exited).toEqual({ code: 2, signal: null });
    expect(second.stderr()).toBe(
      `service-c: another run is running on ${scratch.db} (its process holds ${scratch.db}.run-lock): ` +
        'runs on one database never overlap\n',
    );
    await queue.startWorker([scratch.db]);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const rows = await query(scratch.db, 'SELECT count(DISTINCT run_id)::INTEGER AS runs FROM drift_results');
    expect(rows).toEqual([{ runs: 1 }]);
  });

  it("removes the flow a killed coordinator left in Redis once the coordinator's key has expired", async () => {
    await createDriftPlatform(scratch.db, { models: MODELS });
    const doomed = spawnServiceC(
      ['run', '--db', scratch.db, '--queue', REDIS_URL, '--queue-name', queue.name],
      QUEUE_ENV,
    );
    await waitingJobs(REDIS_URL, 2);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const redis = new Redis(REDIS_URL);
    const runs = new Queue(`${queue.name}.runs`, { connection: { url: REDIS_URL } });
    try {
      const [parent] = await runs.getJobs(['waiting-children']);
      const deadRun = String(parent?.id).replace(/^run-/, '');
      const alive = `bull:${queue.name}.runs:alive:${deadRun}`;
      // The key expires by itself, within 15 s of the last beat; the test shortens that wait, not the rule.
      const ttl = await redis.pttl(alive);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15_000);
      await redis.pexpire(alive, 100);
      await pollUntil("the killed run's key to expire", async () =>
        (await redis.exists(alive)) === 0 ? true : undefined,
      );
      const { run, log } = queueRun(REDIS_URL);
      await pollUntil('the dead run to be removed', () => (log.length > 0 ? true : undefined));
      expect(log).toEqual([
        `run ${deadRun} was left behind by a coordinator that stopped: its jobs were removed`,
      ]);
      await queue.startWorker([scratch.db]);
      const summary = await run.done;
      expect(summary.models.map((m) => m.error)).toEqual([null, null]);
      const models = new Queue(queue.name, { connection: { url: REDIS_URL } });
      const left = { models: await models.getJobCounts(), runs: await runs.getJobCounts() };
      await models.close();
      expect(Object.values(left.models).every((n) => n === 0)).toBe(true);
      expect(Object.values(left.runs).every((n) => n === 0)).toBe(true);
      expect(await redis.keys(`bull:${queue.name}.runs:alive:*`)).toEqual([]);
    } finally {
      await runs.close();
      redis.disconnect();
    }
  });
});
