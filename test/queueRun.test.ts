import { copyFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { Queue, QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import {
  execute,
  featureTableSql,
  literal,
  METADATA_DDL,
  query,
  scratchDatabasePerTest,
  uniform,
} from './support/platformDatabase.js';
import { holdDatabase, QUEUE_ENV, QUEUE_SECRET, queuePerTest, REDIS_URL } from './support/queue.js';
import { pollUntil, spawnServiceC } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();
const queue = queuePerTest();

// Job ids must not hold ':' nor be all digits; payloads are JSON: names that would break either.
const HOSTILE = `'; DROP TABLE drift_results; --:42 "é"\n`;
const DIGITS = '12345';

/**
 * Production models on one feature table, a hostile name among them, and one that DuckDB fails to read (its
 * timestamps are text that is no time): an error a worker cannot tell from a passing one, so it tries again.
 */
async function platform(path: string, rows = 20_000) {
  const features = `['rank', 'clean', 'shifted', 'channel', 'gappy']`;
  await execute(
    path,
    METADATA_DDL,
    featureTableSql('features_a', rows),
    `CREATE TABLE poisoned AS SELECT 'poisoned ' || i AS event_time, i::DOUBLE AS rank FROM range(1000) t(i)`,
    `INSERT INTO model_metadata VALUES
      ('model_a', 'production', ${features}, 'features_a', 'event_time'),
      (${literal(HOSTILE)}, 'production', ${features}, 'features_a', 'event_time'),
      (${literal(DIGITS)}, 'production', ['clean', 'channel'], 'features_a', 'event_time'),
      ('model_poisoned', 'production', ['rank'], 'poisoned', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'model_a' AS model_name,
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, ${uniform(6)} AS prediction FROM range(${rows}) t(i)`,
  );
}

/** A run on this test's queue; a model is tried twice. */
const queueRun = (database: string) =>
  startServiceC({
    database,
    queue: { url: REDIS_URL, name: queue.name, secret: QUEUE_SECRET, attempts: 2, log: () => {} },
  });

/** Rows of a table in `a` that `b` lacks, and the other way round, the given columns left out. */
async function differences(a: string, b: string, table: string, ignore: string[]) {
  const columns = `* EXCLUDE (${ignore.join(', ')})`;
  const [row] = await query(
    ':memory:',
    `ATTACH ${literal(a)} AS a (READ_ONLY); ATTACH ${literal(b)} AS b (READ_ONLY);
     SELECT (SELECT count(*) FROM (SELECT ${columns} FROM a.${table} EXCEPT ALL SELECT ${columns} FROM b.${table}))
          + (SELECT count(*) FROM (SELECT ${columns} FROM b.${table} EXCEPT ALL SELECT ${columns} FROM a.${table}))
       AS differing`,
  );
  return Number(row?.differing);
}

/** `service-c run` on the scratch database as a queue coordinator, in a process of its own. */
function spawnCoordinator(...args: string[]) {
  return spawnServiceC(
    ['run', '--db', scratch.db, '--queue', REDIS_URL, '--queue-name', queue.name, ...args],
    QUEUE_ENV,
  );
}

/**
 * How many models drift_results holds, read READ_ONLY while a coordinator and its workers share the file;
 * 0 while the coordinator holds it for a write or has not made the table yet.
 */
async function modelsWritten(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' }).catch(() => null);
  if (instance === null) return 0;
  try {
    const connection = await instance.connect();
    const reader = await connection
      .runAndReadAll('SELECT count(DISTINCT model_name)::INTEGER FROM drift_results')
      .catch(() => null);
    connection.closeSync();
    return Number(reader?.getRows()[0]?.[0] ?? 0);
  } finally {
    instance.closeSync();
  }
}

/** How many rows each model has in drift_results for a run. */
async function rowsPerModel(path: string, runId: string) {
  const rows = await query(
    path,
    `SELECT model_name, count(*) AS n, count(*) FILTER (target = 'model') AS model_rows FROM drift_results
     WHERE run_id = ${literal(runId)} GROUP BY model_name ORDER BY model_name`,
  );
  return Object.fromEntries(rows.map((r) => [r.model_name, [Number(r.n), Number(r.model_rows)]]));
}

// Per model of `platform`: its feature rows, its prediction row and its own row.
const COMPLETE: Record<string, number[]> = {
  model_a: [7, 1],
  [HOSTILE]: [6, 1],
  [DIGITS]: [3, 1],
  model_poisoned: [1, 1],
};

describe('a run on a queue', () => {
  it('writes the same drift_results and model_metadata as a local run, bit for bit, with two worker processes; a model failing every try is status error', async () => {
    await platform(scratch.db);
    const copy = scratch.folder.path('copy.duckdb');
    copyFileSync(scratch.db, copy);
    const local = await startServiceC({ database: scratch.db }).done;
    const workers = await Promise.all([queue.startWorker([copy]), queue.startWorker([copy])]);
    const distributed = await queueRun(copy).done;

    expect(distributed.outcome).toBe('success');
    expect(await rowsPerModel(copy, distributed.runId)).toEqual(COMPLETE);
    const statuses = (summary: typeof local) =>
      Object.fromEntries(summary.models.map((m) => [m.model, [m.status, m.error]]));
    expect(statuses(distributed)).toEqual(statuses(local));
    expect(statuses(distributed).model_poisoned).toEqual([
      'error',
      expect.stringMatching(/^Conversion Error: .*poisoned/),
    ]);
    expect(workers.map((w) => w.stderr()).join('')).toMatch(/failed \(attempt 2\)/);
    expect(await differences(scratch.db, copy, 'drift_results', ['run_id', 'computed_at'])).toBe(0);
    expect(await differences(scratch.db, copy, 'model_metadata', ['last_drift_run_at'])).toBe(0);
  });

  it('has its workers read a parquet: source under the data root, with the numbers of a local run', async () => {
    await platform(scratch.db);
    const parquet = scratch.folder.path('features_a.parquet');
    await execute(
      scratch.db,
      `COPY (SELECT * FROM features_a ORDER BY rowid) TO ${literal(parquet)} (FORMAT parquet)`,
      `UPDATE model_metadata SET feature_table = 'parquet:features_a.parquet' WHERE model_name = 'model_a'`,
      `DROP TABLE features_a`,
    );
    const copy = scratch.folder.path('copy.duckdb');
    copyFileSync(scratch.db, copy);
    const local = await startServiceC({ database: scratch.db }).done;
    await queue.startWorker([copy]);
    const distributed = await queueRun(copy).done;

    const modelA = (summary: typeof local) => summary.models.find((m) => m.model === 'model_a');
    expect(modelA(local)?.error).toBeNull();
    expect(modelA(distributed)?.error).toBeNull();
    expect(modelA(distributed)?.features.map((f) => f.feature)).toEqual([
      'rank',
      'clean',
      'shifted',
      'channel',
      'gappy',
    ]);
    expect(await differences(scratch.db, copy, 'drift_results', ['run_id', 'computed_at'])).toBe(0);
  });

  it("has its workers read a stored baseline, with a local run's numbers, and store none themselves", async () => {
    await platform(scratch.db);
    await execute(
      scratch.db,
      'ALTER TABLE model_metadata ADD COLUMN baseline_from TIMESTAMP',
      'ALTER TABLE model_metadata ADD COLUMN baseline_to TIMESTAMP',
      `UPDATE model_metadata SET baseline_from = TIMESTAMP '2026-01-01 01:00:00',
         baseline_to = TIMESTAMP '2026-01-01 02:00:00' WHERE model_name = 'model_a'`,
    );
    const unstored = scratch.folder.path('unstored.duckdb');
    copyFileSync(scratch.db, unstored);
    const local = await startServiceC({ database: scratch.db }).done;
    const stored = scratch.folder.path('stored.duckdb');
    copyFileSync(scratch.db, stored);
    await queue.startWorker([stored, unstored]);
    const reading = await queueRun(stored).done;
    const rescanning = await queueRun(unstored).done;

    const modelA = (summary: typeof local) => summary.models.find((m) => m.model === 'model_a');
    expect(modelA(local)?.baseline).toMatchObject({ profilesRead: 0, profilesStored: 6 });
    expect(modelA(reading)?.baseline).toMatchObject({ profilesRead: 6, profilesStored: 0 });
    expect(modelA(rescanning)?.baseline).toMatchObject({ profilesRead: 0, profilesStored: 0 });
    expect(modelA(reading)?.features).toEqual(modelA(local)?.features);
    expect(modelA(rescanning)?.features).toEqual(modelA(local)?.features);
    expect(await query(unstored, 'SELECT count(*)::INTEGER AS n FROM drift_baselines')).toEqual([{ n: 0 }]);
  });

  it('has a worker wait while another process writes the file, then read it', async () => {
    await platform(scratch.db);
    const written: string[] = [];
    const run = startServiceC({
      database: scratch.db,
      queue: { url: REDIS_URL, name: queue.name, secret: QUEUE_SECRET, log: () => {} },
      onModelWritten: ({ outcome }) => {
        written.push(outcome.model);
      },
    });
    const models = new Queue(queue.name, { connection: { url: REDIS_URL } });
    // Each model job's end, and whether the file was still held then.
    const events = new QueueEvents(queue.name, { connection: { url: REDIS_URL } });
    let held = true;
    const ends: { jobId: string; event: string; held: boolean; reason?: string }[] = [];
    events.on('completed', ({ jobId }) => ends.push({ jobId, event: 'completed', held }));
    events.on('failed', ({ jobId, failedReason }) =>
      ends.push({ jobId, event: 'failed', held, reason: failedReason }),
    );
    try {
      await events.waitUntilReady();
      await pollUntil('the run to queue its models', async () =>
        (await models.getWaitingCount()) === 4 ? true : undefined,
      );
      const writer = await holdDatabase(scratch.db);
      const worker = await queue.startWorker([scratch.db]);
      const [taken] = await pollUntil('a job to start', async () => {
        const active = await models.getActive();
        return active.length > 0 ? active : undefined;
      });
      await pollUntil('the worker to wait for the file', () =>
        worker.stderr().includes(`waits for ${scratch.db}, which another process holds`) ? true : undefined,
      );
      // Until here the file is held: the job taken cannot have read it, nor the run written anything.
      expect(written).toEqual([]);
      held = false;
      await writer.release();
      const summary = await run.done;
      expect(summary.models.map((m) => m.model).sort()).toEqual(Object.keys(COMPLETE).sort());
      expect(await rowsPerModel(scratch.db, summary.runId)).toEqual(COMPLETE);
      // The job taken while the file was held waited for it and read it once it was free: no job ended
      // while the file was held, and none failed on the lock (model_poisoned fails, on its data).
      await pollUntil('the end of every model job', () => (ends.length >= 4 ? true : undefined));
      expect(ends.find((end) => end.jobId === taken?.id)).toEqual({
        jobId: taken?.id,
        event: 'completed',
        held: false,
      });
      expect(ends.filter((end) => end.held || /lock/i.test(end.reason ?? ''))).toEqual([]);
    } finally {
      await events.close();
      await models.close();
    }
  });

  it('gives the job of a worker killed mid-job (kill -9) to another worker, and writes every model once', async () => {
    await platform(scratch.db);
    const run = queueRun(scratch.db);
    const models = new Queue(queue.name, { connection: { url: REDIS_URL } });
    try {
      await pollUntil('the run to queue its models', async () =>
        (await models.getWaitingCount()) === 4 ? true : undefined,
      );
      // The first worker waits for the file inside its first job until it is killed.
      const writer = await holdDatabase(scratch.db);
      const quickStall = ['--lock-duration', '2s', '--stalled-interval', '1s'];
      const doomed = await queue.startWorker([scratch.db], quickStall);
      await pollUntil('a job to start', async () => ((await models.getActiveCount()) > 0 ? true : undefined));
      doomed.child.kill('SIGKILL');
      await writer.release();
      await queue.startWorker([scratch.db], quickStall);
      const summary = await run.done;
      expect(await rowsPerModel(scratch.db, summary.runId)).toEqual(COMPLETE);
      expect(summary.models.filter((m) => m.status === 'error').map((m) => m.model)).toEqual([
        'model_poisoned',
      ]);
    } finally {
      await models.close();
    }
  });

  it('leaves no model half-written when its coordinator is killed after writing one, and a later run writes none of its jobs', async () => {
    await platform(scratch.db, 50_000);
    const worker = await queue.startWorker([scratch.db]);
    const doomed = spawnCoordinator();
    // Killed only once a model's rows are committed, so that what it wrote can be checked.
    await pollUntil(
      'a model to be written',
      async () => ((await modelsWritten(scratch.db)) > 0 ? true : undefined),
      {
        timeoutMs: 110_000,
      },
    );
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await worker.stop();
    const leftBehind = await query(scratch.db, 'SELECT DISTINCT run_id FROM drift_results');
    expect(leftBehind).toHaveLength(1);
    const oldRun = String(leftBehind[0]?.run_id);
    const before = await rowsPerModel(scratch.db, oldRun);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    for (const [model, rows] of Object.entries(before)) expect(rows).toEqual(COMPLETE[model]);
    // The dead run's jobs still waiting are done by this worker, and heard by nobody.
    const next = await queue.startWorker([scratch.db]);
    const summary = await queueRun(scratch.db).done;
    // A dead run's job the worker may still be reading holds the file: the checks below open it to write.
    await next.stop();
    expect(await rowsPerModel(scratch.db, summary.runId)).toEqual(COMPLETE);
    expect(await rowsPerModel(scratch.db, oldRun)).toEqual(before);
  });

  it('says on stderr that it waits when no worker takes its jobs, and removes them on SIGTERM', async () => {
    await platform(scratch.db);
    // A short noWorkerWarningMs (5 s by default): the line is the same, only sooner.
    const config = scratch.folder.path('service-c.config.json');
    writeFileSync(config, JSON.stringify({ queue: { noWorkerWarningMs: 200 } }));
    const coordinator = spawnCoordinator('--config', config);
    // The process starts, lists the models and waits noWorkerWarningMs first: slow on a loaded machine.
    const line = await pollUntil(
      'the waiting line',
      () => (coordinator.stderr().includes('no worker') ? coordinator.stderr() : undefined),
      { timeoutMs: 60_000 },
    );
    expect(line).toMatch(
      /^service-c: run \S+: no worker listens on queue '[^']+' at 127\.0\.0\.1:6379; waiting/,
    );
    coordinator.child.kill('SIGTERM');
    expect(await coordinator.exited).toEqual({ code: 0, signal: null });
    for (const name of [queue.name, `${queue.name}.runs`]) {
      const left = new Queue(name, { connection: { url: REDIS_URL } });
      const counts = await left.getJobCounts();
      await left.close();
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    }
  });
});
