import { Worker } from 'bullmq';
import { createDriftPool } from '../pool/driftPool.js';
import { defaultRunOptions } from '../run/options.js';
import { firstLine } from '../util/firstLine.js';
import { analyseJob } from './analyseJob.js';
import { assertNoEviction } from './assertNoEviction.js';
import type { ModelJob } from './modelJob.js';
import { fromWire, toWire } from './wire.js';

export interface QueueWorkerOptions {
  /** redis://HOST:PORT[/db]; Redis must run with maxmemory-policy noeviction. */
  url: string;
  /** The queue runs put their models on. */
  name: string;
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

export const defaultQueueWorkerOptions: Readonly<Omit<QueueWorkerOptions, 'url' | 'threads'>> = Object.freeze(
  {
    name: 'drift',
    concurrency: 1,
    niceness: defaultRunOptions.niceness,
    lockWaitMs: defaultRunOptions.lockWaitMs,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    log: (message: string) => console.warn(message),
  },
);

export interface QueueWorker {
  /** Stops taking jobs, finishes the running ones, releases the pool and the connections. */
  close(): Promise<void>;
}

/** A worker process's loop: one model per job, from any run, until closed. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  await assertNoEviction(options.url);
  const pool = await createDriftPool(options);
  const reading = { lockWaitMs: options.lockWaitMs, idleMs: IDLE_MS };
  const worker = new Worker<string, string>(
    options.name,
    async (job) => toWire(await analyseJob(fromWire<ModelJob>(job.data), pool, reading)),
    {
      connection: { url: options.url },
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
    },
  );
  worker.on('error', (error) => options.log(`worker: ${firstLine(error)}`));
  worker.on('failed', (job, error) => {
    if (job) options.log(`worker: job ${job.id} failed (attempt ${job.attemptsMade}): ${firstLine(error)}`);
  });
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.destroy();
    },
  };
}

// Between reading a model's features and its predictions the file is let go, so that a coordinator on this
// machine can write meanwhile.
const IDLE_MS = 20;
