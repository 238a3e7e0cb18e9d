import { dirname, resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { createDriftPool } from '../pool/driftPool.js';
import { localDataRoot } from '../run/localDataRoot.js';
import { defaultRunOptions } from '../run/options.js';
import { allCoresButOne } from '../util/allCoresButOne.js';
import { firstLine } from '../util/firstLine.js';
import {
  checkOptions,
  func,
  integer,
  number,
  optional,
  positive,
  shape,
  text,
  valid,
} from '../util/optionRules.js';
import { analyseJob } from './analyseJob.js';
import { checkQueueRedis } from './checkQueueRedis.js';
import { cutOff } from './cutOff.js';
import { openJob } from './openJob.js';
import { outageLog } from './outageLog.js';
import { queueName, queueSecret, redisUrl, tlsOptions } from './queueRules.js';
import { signWire } from './signedWire.js';
import { within } from './within.js';

export interface QueueWorkerOptions {
  /** redis://HOST:PORT[/db] or rediss://; Redis must run with maxmemory-policy noeviction. */
  url: string;
  /** TLS options for a rediss:// URL (a private CA, a client certificate), as ioredis passes them on. */
  tls?: ConnectionOptions;
  /** The queue runs put their models on. */
  name: string;
  /** The queue's shared secret: a job not signed with it is refused, and results are signed with it. */
  secret: string;
  /** The only database files this worker reads; a job names one of them (the same path on every machine). */
  databases: string[];
  /** The folder `parquet:` sources are read from; default each database file's own folder, as a local run. */
  dataRoot?: string;
  /** Jobs (models) at once; they share the thread pool. */
  concurrency: number;
  /** The pool's threads, all at the lowest OS priority. */
  threads: number;
  niceness: number;
  /** How long a job waits for the database while the coordinator writes it, before it fails (and is retried). */
  lockWaitMs: number;
  /** A job whose lock is not renewed for this long (a killed worker) is given to another worker... */
  lockDurationMs: number;
  /** ... once the stalled-job check, run this often, finds it. */
  stalledIntervalMs: number;
  log: (message: string) => void;
}

export type QueueWorkerInput = Partial<QueueWorkerOptions> &
  Pick<QueueWorkerOptions, 'url' | 'secret' | 'databases'>;

export const defaultQueueWorkerOptions = Object.freeze({
  name: 'drift',
  concurrency: 1,
  niceness: defaultRunOptions.niceness,
  lockWaitMs: defaultRunOptions.lockWaitMs,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  log: (message: string) => console.warn(message),
});

const queueWorkerOptionRules = shape<QueueWorkerOptions>({
  url: redisUrl,
  tls: optional(tlsOptions),
  name: queueName,
  secret: queueSecret,
  databases: valid(
    (value) =>
      Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== ''),
    'a non-empty list of database file paths',
  ),
  dataRoot: optional(text),
  concurrency: integer(1, 256),
  // Each thread is a worker with its own kernel: a bound keeps a typo from spawning thousands.
  threads: integer(1, 256),
  niceness: integer(-20, 19),
  lockWaitMs: number(0),
  lockDurationMs: positive,
  stalledIntervalMs: positive,
  log: func,
});

/** The options merged once over the defaults and checked at once: every problem named in one RangeError. */
export function resolveQueueWorkerOptions(input: QueueWorkerInput, cores: number): QueueWorkerOptions {
  const options = { ...defaultQueueWorkerOptions, threads: allCoresButOne(cores), ...input };
  checkOptions(options, queueWorkerOptionRules);
  return { ...options, databases: options.databases.map((path) => resolve(path)) };
}

export interface QueueWorker {
  /** The options it runs with, defaults filled in. */
  options: QueueWorkerOptions;
  /** Stops taking jobs, finishes the running ones, releases the pool and the connections. */
  close(): Promise<void>;
}

/** A worker process's loop: one model per job, from any run, until closed. */
export async function startQueueWorker(input: QueueWorkerInput, cores: number): Promise<QueueWorker> {
  const options = resolveQueueWorkerOptions(input, cores);
  await checkQueueRedis(options.url, options.tls);
  const pool = await createDriftPool(options);
  const dataRoots = new Map(
    options.databases.map((path) => [path, localDataRoot(options.dataRoot ?? dirname(path))]),
  );
  const worker = new Worker<unknown, string>(
    options.name,
    async (job) => {
      const { job: modelJob, options: run } = refused(job, () => openJob(jobIdOf(job), job.data, options));
      const reading = {
        lockWaitMs: options.lockWaitMs,
        idleMs: IDLE_MS,
        dataRoot: dataRoots.get(modelJob.database) ?? localDataRoot(dirname(modelJob.database)),
        onLockWait: () =>
          options.log(`worker: job ${job.id} waits for ${modelJob.database}, which another process holds`),
      };
      const result = await analyseJob(modelJob, run, pool, reading);
      return signWire('result', jobIdOf(job), result, options.secret);
    },
    {
      connection: { url: options.url, ...(options.tls ? { tls: options.tls } : {}) },
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
    },
  );
  worker.on(
    'error',
    outageLog((line) => options.log(`worker: ${line}`), new URL(options.url).host),
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    options.log(
      error instanceof UnrecoverableError
        ? `worker: job ${job.id} refused: ${error.message}`
        : `worker: job ${job.id} failed (attempt ${job.attemptsMade}): ${firstLine(error)}`,
    );
  });
  await worker.waitUntilReady();
  return {
    options,
    close: async () => {
      const closing = worker.close().then(() => true);
      // Running jobs are finished first, unless Redis is gone: their results could not be given back then.
      while (!(await within(closing, CLOSE_POLL_MS, false))) {
        if ((await worker.getBackend().client).status !== 'ready') {
          await cutOff(worker);
          break;
        }
      }
      await pool.destroy();
    },
  };
}

const jobIdOf = (job: Job) => job.id ?? '';

/** What `open` gives, or an UnrecoverableError: a refused job fails at once, never tried again. */
function refused<T>(job: Job, open: () => T): T {
  // The parent of a run's flow: a worker was started on `<name>.runs` instead of `<name>`.
  if (job.name === 'run') {
    const models = job.queueName.replace(/\.runs$/, '');
    throw new UnrecoverableError(
      `it is a run's parent job, not a model's: queue '${job.queueName}' holds the runs of queue ` +
        `'${models}'; start workers with --queue-name ${models}`,
    );
  }
  try {
    return open();
  } catch (error) {
    throw new UnrecoverableError(firstLine(error));
  }
}

// While closing, how often a worker checks that Redis is still there.
const CLOSE_POLL_MS = 1000;

// Between reading a model's features and its predictions the file is let go, so that a coordinator on this
// machine can write meanwhile.
const IDLE_MS = 20;
