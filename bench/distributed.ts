// Distributed runs: the end-to-end store analysed by a local run, then through the queue with 1 and with 2
// `service-c worker` processes, in one run of the bench. The queue's own cost is the run's time during which
// no worker was inside a job (workers report their time per job: opening and waiting for the file, reading,
// computing); the coordinator's writes overlap the workers' next jobs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Queue } from 'bullmq';
import { runsQueueName } from '../src/queue/modelJob.js';
import { toWire } from '../src/queue/wire.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { storeOf } from './endToEnd.js';

const models = 20;
const features = 25;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
// The queue's shared secret, the bench's own.
const secret = randomBytes(32).toString('hex');

interface Measured {
  what: string;
  workers: number;
  wallMs: number;
  summary: RunSummary;
}

/** `rows` per feature table: the end-to-end size (2,000,000) unless given (`npm run bench -- distributed N`). */
export async function distributedBench(rows = 2_000_000): Promise<void> {
  const store = storeOf({ models, features, rows });
  const measured: Measured[] = [];
  const timed = async (what: string, workers: number, run: () => ReturnType<typeof startServiceC>) => {
    const started = performance.now();
    const summary = await run().done;
    measured.push({ what, workers, wallMs: performance.now() - started, summary });
  };
  await timed('local', 0, () => startServiceC({ database: store }));
  for (const workers of [1, 2]) {
    const name = `bench-${randomUUID()}`;
    const processes = await Promise.all(Array.from({ length: workers }, () => startWorker(name, store)));
    try {
      await timed(`queue, ${workers} worker process${workers > 1 ? 'es' : ''}`, workers, () =>
        startServiceC({ database: store, queue: { url, name, secret } }),
      );
    } finally {
      await Promise.all(processes.map(stopWorker));
      await obliterate(name);
    }
  }
  report(measured, rows);
}

function report(measured: readonly Measured[], rows: number): void {
  const local = measured[0] as Measured;
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `\nDistributed: ${models} models x ${features} features, ${rows.toLocaleString('en-US')} rows per feature table, ` +
      `${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)} at the end (a shared, busy machine)`,
  );
  console.log(
    '| run | wall s | models/min | read s | compute s | writes s | queue cost s | per model ms | of the local run |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { what, workers, wallMs, summary } of measured) {
    const { readMs, computeMs, writeMs } = summary.timings;
    // One worker's jobs follow each other, so this is exact for one worker; for W it assumes the W share the
    // jobs evenly.
    const costMs = workers === 0 ? null : wallMs - (readMs + computeMs) / workers;
    const perModel = costMs === null ? '-' : (costMs / summary.models.length).toFixed(0);
    const share = costMs === null ? '-' : `${((100 * costMs) / local.wallMs).toFixed(1)}%`;
    console.log(
      `| ${what} | ${s(wallMs)} | ${((summary.models.length * 60_000) / wallMs).toFixed(1)} | ${s(readMs)} | ` +
        `${s(computeMs)} | ${s(writeMs)} | ${costMs === null ? '-' : s(costMs)} | ${perModel} | ${share} |`,
    );
  }
  const largest = Math.max(...local.summary.models.map((m) => toWire(m).length));
  console.log(
    `\nlargest model result on the queue: ${(largest / 1024).toFixed(1)} KB (${features} features)`,
  );
}

async function startWorker(name: string, database: string): Promise<ChildProcess> {
  const args = [cli, 'worker', '--queue', url, '--queue-name', name, '--db', database];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SERVICE_C_QUEUE_SECRET: secret },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('worker on queue')) resolve();
    });
    child.once('exit', () => reject(new Error(`the worker exited: ${stderr}`)));
  });
  return child;
}

function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function obliterate(name: string): Promise<void> {
  for (const queueName of [name, runsQueueName(name)]) {
    const queue = new Queue(queueName, { connection: { url } });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
