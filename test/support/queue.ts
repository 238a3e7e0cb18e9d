import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, beforeEach } from 'vitest';
import { runsQueueName } from '../../src/queue/modelJob.js';
import { pollUntil, spawnServiceC } from './serveProcess.js';

/** The shared Redis every test uses, each with queue names of its own. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The tests' queue secret, signing jobs and results. */
export const QUEUE_SECRET = 'test-secret-0123456789abcdef0123456789';

/** This process's environment with the queue's secret: what `service-c` processes on a queue need. */
export const QUEUE_ENV: NodeJS.ProcessEnv = { ...process.env, SERVICE_C_QUEUE_SECRET: QUEUE_SECRET };

export interface WorkerProcess {
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, and the exit once its running job is done. */
  stop(): Promise<void>;
}

/**
 * For each test: a fresh queue name, the `service-c worker` processes it starts (stopped after it, killed if
 * they hang) and both of its BullMQ queues obliterated.
 */
export function queuePerTest(): {
  readonly name: string;
  /** A worker that may read `databases`, with more arguments; on the shared Redis unless `url` says. */
  startWorker(
    databases: readonly string[],
    args?: string[],
    where?: { url: string; env: NodeJS.ProcessEnv },
  ): Promise<WorkerProcess>;
} {
  let name: string | undefined;
  const workers: WorkerProcess[] = [];
  beforeEach(() => {
    name = `test-${randomUUID()}`;
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    for (const queueName of [current(), runsQueueName(current())]) {
      const queue = new Queue(queueName, { connection: { url: REDIS_URL } });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
  const current = () => {
    if (name === undefined) throw new Error('queuePerTest: only inside a test');
    return name;
  };
  return {
    get name() {
      return current();
    },
    async startWorker(databases, args = [], where = { url: REDIS_URL, env: QUEUE_ENV }) {
      const { child, stderr, exited } = spawnServiceC(
        [
          'worker',
          '--queue',
          where.url,
          '--queue-name',
          current(),
          '--threads',
          '1',
          ...databases.flatMap((path) => ['--db', path]),
          ...args,
        ],
        where.env,
      );
      let ended = false;
      void exited.then(() => {
        ended = true;
      });
      const stop = async () => {
        if (ended) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited.finally(() => clearTimeout(timer));
      };
      const worker = { child, stderr, stop };
      workers.push(worker);
      await pollUntil('the worker to listen', () => {
        if (ended) throw new Error(`the worker exited: ${stderr()}`);
        return stderr().includes('worker on queue') ? true : undefined;
      });
      return worker;
    },
  };
}

/**
 * Another process holding a DuckDB file open for writing, as a coordinator does while it writes: until
 * `release`, no other process can open the file, not even to read.
 */
export async function holdDatabase(path: string): Promise<{ release(): Promise<void> }> {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    let instance;
    for (;;) {
      try { instance = await DuckDBInstance.create(process.argv[1]); break; }
      catch { await new Promise((r) => setTimeout(r, 10)); }
    }
    process.stdout.write('held\\n');
    process.stdin.resume();
    process.stdin.on('end', () => { instance.closeSync(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, path], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: new URL('../..', import.meta.url).pathname,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await pollUntil('the file to be held', () => (out.includes('held') ? true : undefined));
  return {
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
