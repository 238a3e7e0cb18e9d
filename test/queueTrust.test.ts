import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine/openEngine.js';
import { type JobSettings, jobSettingNames, type ModelJob, runsQueueName } from '../src/queue/modelJob.js';
import { startQueueWorker } from '../src/queue/queueWorker.js';
import { type ReadIdentity, readIdentity } from '../src/queue/readIdentity.js';
import { openWire, signWire } from '../src/queue/signedWire.js';
import { toWire } from '../src/queue/wire.js';
import { defaultRunOptions } from '../src/run/options.js';
import type { ModelOutcome } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { OptionsError } from '../src/util/optionsError.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { settingsOf } from './support/engines.js';
import { type OwnRedis, startOwnRedis } from './support/ownRedis.js';
import {
  execute,
  literal,
  query,
  scratchDatabasePerTest,
  scratchFolder,
} from './support/platformDatabase.js';
import { QUEUE_ENV, QUEUE_SECRET, queuePerTest, REDIS_URL } from './support/queue.js';
import { pollUntil } from './support/serveProcess.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const scratch = scratchDatabasePerTest();
const queue = queuePerTest();

const RUN_ID = '00000000-0000-4000-8000-000000000000';

/** A job as a coordinator would give it for `database`, changed by `change`. */
function modelJob(database: string, change: Partial<ModelJob> = {}): ModelJob {
  return {
    runId: RUN_ID,
    database,
    model: {
      model: 'model_a',
      features: ['clean', 'shifted', 'channel'],
      featureTable: 'features',
      timestampColumn: 'event_time',
    },
    settings: Object.fromEntries(
      jobSettingNames.map((name) => [name, defaultRunOptions[name]]),
    ) as unknown as JobSettings,
    now: new Date('2026-02-01'),
    // Refusals come before a job's data is looked at; a job meant to run takes its identity from identityOf.
    identity: { features: { unreadable: '' }, events: { unreadable: '' } },
    ...change,
  };
}

/** What a coordinator puts in a job for `model` as it reads `database` now. */
async function identityOf(database: string, model = modelJob(database).model): Promise<ReadIdentity> {
  const engine = await openEngine(database, { ...settingsOf('node'), readOnly: true });
  try {
    return await readIdentity(engine, model, defaultRunOptions.schema);
  } finally {
    await engine.close();
  }
}

/** Adds a job to this test's queue as anyone who can write to its Redis can, and waits until it ends. */
async function jobEnds(jobId: string, data: unknown) {
  const models = new Queue(queue.name, { connection: { url: REDIS_URL } });
  try {
    await models.add('model', data, { jobId, attempts: 2 });
    return await pollUntil(`job ${jobId} to end`, async () => {
      const job = await models.getJob(jobId);
      if (job?.finishedOn === undefined) return undefined;
      return {
        state: await job.getState(),
        failedReason: job.failedReason,
        attemptsMade: job.attemptsMade,
        returnvalue: job.returnvalue as unknown,
      };
    });
  } finally {
    await models.close();
  }
}

/** A secret file beside the database: what a forged job of old could read, all of its values verbatim. */
async function secretParquet(): Promise<string> {
  const path = scratch.folder.path('secret/sal.parquet');
  mkdirSync(dirname(path), { recursive: true });
  await execute(
    ':memory:',
    `COPY (SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, 'hunter' || i AS password,
             i * 1000.0 AS salary FROM range(1000) t(i)) TO ${literal(path)} (FORMAT parquet)`,
  );
  return path;
}

describe('a worker trusts no job', () => {
  it('refuses a forged job (unsigned, or signed with another secret) in one line, runs nothing, and never retries it', async () => {
    await createDriftPlatform(scratch.db);
    const secret = await secretParquet();
    const worker = await queue.startWorker([scratch.db]);
    // The attack of issue 17: a job naming its own data root and a Parquet file under it.
    const forged = {
      ...modelJob(scratch.db),
      dataRoot: '/',
      model: {
        model: 'model_a',
        features: ['password', 'salary'],
        featureTable: `parquet:${secret.slice(1)}`,
        timestampColumn: 'event_time',
      },
    };
    const unsigned = await jobEnds('forged-1', toWire(forged));
    const otherSecret = await jobEnds(
      'forged-2',
      signWire('job', 'forged-2', forged, 'another-secret-0123456789abcdef0123'),
    );
    // A payload signed for one job id, copied under another.
    const copied = await jobEnds('forged-3', signWire('job', 'forged-1', modelJob(scratch.db), QUEUE_SECRET));

    for (const ended of [unsigned, otherSecret, copied]) {
      expect(ended).toMatchObject({ state: 'failed', attemptsMade: 1, returnvalue: null });
    }
    expect(unsigned.failedReason).toBe('the job is not signed');
    expect(otherSecret.failedReason).toBe(
      "the job's signature does not match (forged, changed, or signed with another secret)",
    );
    expect(copied.failedReason).toBe(otherSecret.failedReason);
    const lines = worker.stderr().trimEnd().split('\n').slice(1);
    expect(lines).toEqual([
      'service-c: worker: job forged-1 refused: the job is not signed',
      `service-c: worker: job forged-2 refused: ${otherSecret.failedReason}`,
      `service-c: worker: job forged-3 refused: ${otherSecret.failedReason}`,
    ]);
  });

  it('reads only the databases and the data root it was given: a signed job cannot name others', async () => {
    await createDriftPlatform(scratch.db);
    const other = scratch.folder.path('other.duckdb');
    await createDriftPlatform(other);
    await secretParquet();
    mkdirSync(scratch.folder.path('data'));
    await queue.startWorker([scratch.db], ['--data-root', scratch.folder.path('data')]);
    const sign = (jobId: string, job: unknown) => signWire('job', jobId, job, QUEUE_SECRET);

    const elsewhere = await jobEnds('elsewhere', sign('elsewhere', modelJob(other)));
    expect(elsewhere).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(elsewhere.failedReason).toBe(
      `job for database ${JSON.stringify(other)}: this worker reads only ${JSON.stringify(scratch.db)} (--db)`,
    );
    const rooted = await jobEnds('rooted', sign('rooted', { ...modelJob(scratch.db), dataRoot: '/' }));
    expect(rooted.failedReason).toBe('invalid options: unknown option job.dataRoot');
    // Parquet is read under the worker's own data root, never the database's folder the job might mean.
    const parquet = modelJob(scratch.db, {
      model: {
        model: 'model_a',
        features: ['password'],
        featureTable: 'parquet:../secret/sal.parquet',
        timestampColumn: 'event_time',
      },
    });
    parquet.identity = await identityOf(scratch.db, parquet.model);
    const escaped = await jobEnds('escaped', sign('escaped', parquet));
    expect(escaped.state).toBe('completed');
    const { outcome } = openWire('result', 'escaped', escaped.returnvalue, QUEUE_SECRET) as {
      outcome: ModelOutcome;
    };
    expect(outcome).toMatchObject({
      status: 'error',
      error: 'Parquet path "../secret/sal.parquet" leaves the data root',
      features: [],
    });
  });

  it("checks a job's settings by the rules of startServiceC's options: duckdbThreads 3000 is refused, not run", async () => {
    await createDriftPlatform(scratch.db);
    const worker = await queue.startWorker([scratch.db]);
    const job = modelJob(scratch.db);
    const greedy = { ...job, settings: { ...job.settings, duckdbThreads: 3000, duckdbMemoryLimit: '' } };
    const ended = await jobEnds('greedy', signWire('job', 'greedy', greedy, QUEUE_SECRET));
    expect(ended).toMatchObject({ state: 'failed', attemptsMade: 1, returnvalue: null });
    expect(ended.failedReason).toBe(
      'invalid options: duckdbThreads must be an integer from 1 to 256, got 3000; duckdbMemoryLimit must be a non-empty string, got ""',
    );
    const sneaky = { ...job, settings: { ...job.settings, dataRoot: '/' } };
    const extra = await jobEnds('sneaky', signWire('job', 'sneaky', sneaky, QUEUE_SECRET));
    expect(extra.failedReason).toBe('invalid options: unknown option job.settings.dataRoot');
    expect(worker.stderr()).toContain(`service-c: worker: job greedy refused: ${ended.failedReason}\n`);
  });

  it("says in one line that a worker on '<name>.runs' got a run's parent job, not a model's", async () => {
    const runs = runsQueueName(queue.name);
    const worker = await queue.startWorker([scratch.db], ['--queue-name', runs]);
    const parents = new Queue(runs, { connection: { url: REDIS_URL } });
    try {
      // As the coordinator's flow leaves it once its models are done: the parent, waiting on `<name>.runs`.
      await parents.add('run', { runId: RUN_ID }, { jobId: `run-${RUN_ID}` });
      const line = await pollUntil('the refusal', () =>
        worker.stderr().includes('refused') ? worker.stderr().trimEnd().split('\n').at(-1) : undefined,
      );
      expect(line).toBe(
        `service-c: worker: job run-${RUN_ID} refused: it is a run's parent job, not a model's: queue '${runs}' ` +
          `holds the runs of queue '${queue.name}'; start workers with --queue-name ${queue.name}`,
      );
    } finally {
      await parents.close();
    }
  });

  it("refuses, as the model's error, a job whose rows the worker sees otherwise than its coordinator did (another file at the same path)", async () => {
    await createDriftPlatform(scratch.db);
    const job = { ...modelJob(scratch.db), identity: await identityOf(scratch.db) };
    // The coordinator's file, as it saw it: 20,000 rows of features and model_a's events.
    expect(job.identity).toMatchObject({ features: { rows: 20_000 }, events: { rows: 20_000 } });
    await queue.startWorker([scratch.db]);
    const sign = (jobId: string) => signWire('job', jobId, job, QUEUE_SECRET);
    const outcomeOf = async (jobId: string) => {
      const ended = await jobEnds(jobId, sign(jobId));
      expect(ended).toMatchObject({ state: 'completed', attemptsMade: 1 });
      return (openWire('result', jobId, ended.returnvalue, QUEUE_SECRET) as { outcome: ModelOutcome })
        .outcome;
    };
    const same = await outcomeOf('same');
    expect(same).toMatchObject({ model: 'model_a', error: null });
    expect(same.features.map((feature) => feature.feature)).toEqual(['clean', 'shifted', 'channel']);

    const refusal = (difference: string) =>
      "not computed: the worker sees other data than the run's coordinator (another file at the same path, " +
      `or changed since the run began): ${difference}`;
    // One value changed: the same row count, other values.
    await execute(scratch.db, 'UPDATE features SET clean = clean + 1 WHERE rowid = 17');
    expect(await outcomeOf('one-value')).toMatchObject({
      status: 'error',
      error: refusal('feature table "features" has the same 20000 rows with other values'),
      features: [],
    });
    // A row fewer of the features, and of the model's events.
    await execute(
      scratch.db,
      'DELETE FROM features WHERE rowid = 3',
      "DELETE FROM model_events WHERE model_name = 'model_a' AND rowid IN (SELECT min(rowid) FROM model_events WHERE model_name = 'model_a')",
    );
    expect((await outcomeOf('a-row-fewer')).error).toBe(
      refusal(
        'feature table "features" has 19999 rows here, 20000 at the coordinator; ' +
          'the model\'s rows of "model_events" has 19999 rows here, 20000 at the coordinator',
      ),
    );
    // The feature table gone: unreadable here, though read by the coordinator.
    await execute(scratch.db, 'DROP TABLE features');
    expect((await outcomeOf('gone')).error).toBe(
      refusal(
        'feature table "features" cannot be read here (table "features" does not exist), the coordinator read it; ' +
          'the model\'s rows of "model_events" has 19999 rows here, 20000 at the coordinator',
      ),
    );
  });
});

/** Tampers with a genuine outcome, one way per model. */
const TAMPERED: Record<string, (outcome: ModelOutcome) => unknown> = {
  model_fraud: (outcome) => ({ ...outcome, model: 'fraud_detector' }),
  model_pwned: (outcome) => ({ ...outcome, status: 'pwned' }),
  model_nan: (outcome) => ({
    ...outcome,
    score: Number.NEGATIVE_INFINITY,
    features: outcome.features.map((f) => ({ ...f, result: { ...f.result, psi: Number.NaN } })),
  }),
  model_rows: (outcome) => ({ ...outcome, baselineProfiles: [{ samples: [1, 2, 3] }] }),
  model_fine: (outcome) => outcome,
};

describe('a queue run trusts no result', () => {
  it("records a result that does not fit its job (another model, a status not in the enum, NaN or -Infinity, a profile, no signature) as that model's error, and writes none of it", async () => {
    const models = Object.fromEntries(Object.keys(TAMPERED).map((m) => [m, ['clean', 'channel']]));
    models.model_unsigned = ['clean'];
    await createDriftPlatform(scratch.db, { models });
    const genuine = new Map(
      (await startServiceC({ database: scratch.db, outbox: false }).done).models.map((m) => [m.model, m]),
    );
    await execute(scratch.db, 'DELETE FROM drift_results');
    // A rogue worker that holds the secret (or, for one model, does not sign at all).
    const rogue = new Worker(
      queue.name,
      async (job: Job) => {
        const { model } = openWire('job', job.id ?? '', job.data, QUEUE_SECRET) as ModelJob;
        const outcome = genuine.get(model.model) as ModelOutcome;
        const result = { outcome: TAMPERED[model.model]?.(outcome) ?? outcome, computeMs: 1, workMs: 2 };
        return model.model === 'model_unsigned'
          ? toWire(result)
          : signWire('result', job.id ?? '', result, QUEUE_SECRET);
      },
      { connection: { url: REDIS_URL } },
    );
    try {
      const summary = await startServiceC({
        database: scratch.db,
        queue: { url: REDIS_URL, name: queue.name, secret: QUEUE_SECRET, log: () => {} },
      }).done;
      const errors = Object.fromEntries(summary.models.map((m) => [m.model, m.error]));
      const refused = "a worker's result was refused: ";
      expect(errors).toEqual({
        model_fine: null,
        model_fraud: `${refused}result.outcome.model must be "model_fraud", got "fraud_detector"`,
        model_nan: `${refused}result.outcome.score must be a finite number, got -Infinity; result.outcome.features[0].result.psi must be a finite number, got NaN; result.outcome.features[1].result.psi must be a finite number, got NaN`,
        model_pwned: `${refused}result.outcome.status must be "ok" or "warning" or "alert" or "insufficient_data" or "error", got "pwned"`,
        model_rows: `${refused}result.outcome.baselineProfiles must be empty (a worker stores none), got an array`,
        model_unsigned: `${refused}the result is not signed`,
      });
      const rows = await query(
        scratch.db,
        `SELECT model_name, target, status, psi FROM drift_results
         WHERE target = 'model' OR model_name <> 'model_fine' ORDER BY model_name`,
      );
      expect(rows).toEqual(
        Object.keys(errors)
          .sort()
          .map((model) => ({
            model_name: model,
            target: 'model',
            status: model === 'model_fine' ? genuine.get(model)?.status : 'error',
            psi: null,
          })),
      );
      expect(
        await query(
          scratch.db,
          `SELECT count(*)::INTEGER AS n FROM model_metadata WHERE model_name = 'fraud_detector'`,
        ),
      ).toEqual([{ n: 0 }]);
    } finally {
      await rogue.close();
    }
  });
});

describe('queue settings', () => {
  it('refuses a queue URL whose database is not a number, or one Redis lacks, in one line with exit code 2 (run and worker)', async () => {
    await createDriftPlatform(scratch.db);
    const exits = (args: string[]) => {
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: QUEUE_ENV });
      return { status: result.status, stderr: result.stderr };
    };
    const run = (url: string) =>
      exits(['run', '--db', scratch.db, '--queue', url, '--queue-name', queue.name]);
    const work = (url: string) =>
      exits(['worker', '--db', scratch.db, '--queue', url, '--queue-name', queue.name]);
    const notNumber = {
      status: 2,
      stderr: `service-c: --queue expects redis://HOST:PORT[/DB] or rediss://, DB a number, got '${REDIS_URL}/abc'\n`,
    };
    const missing = {
      status: 2,
      stderr: 'service-c: Redis at 127.0.0.1:6379 has no database 99: ERR DB index is out of range\n',
    };
    expect(run(`${REDIS_URL}/abc`)).toEqual(notNumber);
    expect(work(`${REDIS_URL}/abc`)).toEqual(notNumber);
    expect(run(`${REDIS_URL}/99`)).toEqual(missing);
    expect(work(`${REDIS_URL}/99`)).toEqual(missing);
    expect(() =>
      startServiceC({ database: scratch.db, queue: { url: `${REDIS_URL}/abc`, secret: QUEUE_SECRET } }),
    ).toThrow(
      /^invalid options: queue\.url must be a redis:\/\/HOST:PORT\[\/DB\] or rediss:\/\/ URL, DB a number, got /,
    );
  });

  it('needs the shared secret: from SERVICE_C_QUEUE_SECRET on the command line, at least 32 characters', async () => {
    await createDriftPlatform(scratch.db);
    const { SERVICE_C_QUEUE_SECRET: _, ...without } = QUEUE_ENV;
    for (const args of [
      ['run', '--db', scratch.db, '--queue', REDIS_URL],
      ['worker', '--db', scratch.db, '--queue', REDIS_URL],
    ]) {
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: without });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        "service-c: --queue needs the queue's shared secret in SERVICE_C_QUEUE_SECRET (the same on the run and every worker)\n",
      );
      const short = spawnSync(process.execPath, [cli, ...args], {
        encoding: 'utf8',
        env: { ...without, SERVICE_C_QUEUE_SECRET: 'short-secret' },
      });
      expect(short.status).toBe(2);
      expect(short.stderr).toMatch(/must be a shared secret of at least 32 characters, got 12\n$/);
      expect(short.stderr).not.toContain('short-secret');
    }
  });

  it("checks startQueueWorker's options by one rules table, naming every problem in one line before connecting", async () => {
    await expect(
      startQueueWorker(
        // @ts-expect-error: a typo, as a caller without types makes it
        { url: 'redis://127.0.0.1:1/abc', secret: 'x', databases: [], threads: 3000, concurency: 2 },
        2,
      ),
    ).rejects.toThrow(
      new OptionsError(
        'invalid options: unknown option concurency; url must be a redis://HOST:PORT[/DB] or rediss:// URL, DB a number, got "redis://127.0.0.1:1/abc"; ' +
          'secret must be a shared secret of at least 32 characters, got 1; databases must be a non-empty list of database file paths, got an array; ' +
          'threads must be an integer from 1 to 256, got 3000',
      ),
    );
  });
});

/**
 * The ACL of docs/scaling-out.md for a queue NAME: its keys only (the models' queue and the runs' queue),
 * the command groups BullMQ's scripts and blocking reads use, nothing dangerous but the INFO and CLIENT
 * subcommands BullMQ and the run's checks call.
 */
const queueAcl = (name: string) => [
  'resetkeys',
  `~bull:${name}:*`,
  `~bull:${name}.runs:*`,
  'resetchannels',
  '-@all',
  '+@read',
  '+@write',
  '+@keyspace',
  '+@scripting',
  '+@blocking',
  '+@connection',
  '+@transaction',
  '-@dangerous',
  '+info',
  '+client|setname',
  '+client|getname',
  '+client|list',
];

describe('a queue on a locked-down Redis', () => {
  const files = scratchFolder();
  let redis: OwnRedis;
  let ca: string;
  beforeAll(async () => {
    const [cert, key] = [files.path('redis.crt'), files.path('redis.key')];
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
    ca = readFileSync(cert, 'utf8');
    redis = await startOwnRedis([], { cert, key, ca });
  });
  afterAll(async () => {
    await redis.kill();
    files.cleanup();
  });

  it("runs over TLS (rediss://) as an ACL user limited to the queue's keys and the commands it needs", async () => {
    await createDriftPlatform(scratch.db, {
      models: { model_a: ['clean', 'channel'], model_b: ['shifted'] },
    });
    const admin = new Redis(redis.url, { tls: { ca } });
    const password = 'acl-password-0123456789';
    await admin.call('ACL', 'SETUSER', 'service-c', 'on', `>${password}`, ...queueAcl(queue.name));
    await admin.quit();
    const url = `rediss://service-c:${password}@127.0.0.1:${redis.port}`;
    // The worker trusts the private CA as any Node process can be told to.
    const certFile = files.path('redis.crt');
    await queue.startWorker([scratch.db], [], { url, env: { ...QUEUE_ENV, NODE_EXTRA_CA_CERTS: certFile } });
    const summary = await startServiceC({
      database: scratch.db,
      queue: { url, tls: { ca }, name: queue.name, secret: QUEUE_SECRET, log: () => {} },
    }).done;

    expect(summary.models.map((m) => [m.model, m.error])).toEqual([
      ['model_a', null],
      ['model_b', null],
    ]);
    expect(await query(scratch.db, 'SELECT count(*)::INTEGER AS n FROM drift_results')).toEqual([{ n: 7 }]);
    const user = new Redis(url, { tls: { ca }, maxRetriesPerRequest: 0 });
    try {
      await expect(user.get('another:key')).rejects.toThrow(/^NOPERM/);
      await expect(user.flushall()).rejects.toThrow(/^NOPERM/);
      await expect(user.keys(`bull:${queue.name}:*`)).rejects.toThrow(/^NOPERM/);
    } finally {
      user.disconnect();
    }
  });
});
