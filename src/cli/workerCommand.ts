import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { readConfigFile } from '../config/readConfigFile.js';
import type { QueueWorkerInput } from '../queue/queueWorker.js';
import { loadPart } from '../util/optionalPeers.js';
import { parseDuration } from './parseDuration.js';
import {
  numberArgument,
  queueNameArgument,
  queueSecretVariable,
  queueUrlArgument,
  UsageError,
} from './usageError.js';

export const workerFlags = {
  config: { type: 'string' },
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  db: { type: 'string', multiple: true },
  'data-root': { type: 'string' },
  concurrency: { type: 'string' },
  threads: { type: 'string' },
  'lock-duration': { type: 'string' },
  'stalled-interval': { type: 'string' },
} as const;

export function parseWorkerArgs(args: string[], env: NodeJS.ProcessEnv): QueueWorkerInput {
  const { values: flags } = parseArgs({ args, options: workerFlags });
  const values = { ...fileValues(flags.config), ...definedOf(flags) };
  if (values.queue === undefined) throw new UsageError('worker needs --queue redis://HOST:PORT');
  // What a worker may read is its own to say: a job only picks one of these.
  if (values.db === undefined) throw new UsageError('worker needs --db FILE, each database it may read');
  const positive = (flag: string, text: string) => {
    const value = numberArgument(flag, text, { integer: true });
    if (value < 1) throw new UsageError(`${flag} must be at least 1, got ${value}`);
    return value;
  };
  return {
    url: queueUrlArgument(values.queue),
    secret: queueSecretVariable(env),
    databases: values.db,
    ...(values['data-root'] === undefined ? {} : { dataRoot: values['data-root'] }),
    ...(values['queue-name'] === undefined ? {} : { name: queueNameArgument(values['queue-name']) }),
    ...(values.concurrency === undefined
      ? {}
      : { concurrency: positive('--concurrency', values.concurrency) }),
    ...(values.threads === undefined ? {} : { threads: positive('--threads', values.threads) }),
    ...(values['lock-duration'] === undefined
      ? {}
      : { lockDurationMs: parseDuration('--lock-duration', values['lock-duration']) }),
    ...(values['stalled-interval'] === undefined
      ? {}
      : { stalledIntervalMs: parseDuration('--stalled-interval', values['stalled-interval']) }),
  };
}

/**
 * `worker --queue URL --db FILE`: analyses models of runs on that queue until SIGTERM or SIGINT, then
 * finishes its running jobs and exits.
 */
export async function workerCommand(
  args: string[],
  { err, env }: { err: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): Promise<void> {
  const input = parseWorkerArgs(args, env);
  const cores = availableParallelism();
  const { startQueueWorker } = await loadPart('the queue', () => import('../queue/queueWorker.js'));
  const worker = await startQueueWorker(
    { ...input, log: (line) => err.write(`service-c: ${line}\n`) },
    cores,
  );
  err.write(
    `service-c: worker on queue '${worker.options.name}' at ${new URL(input.url).host}, ` +
      `${worker.options.concurrency} job(s) at once, ${worker.options.threads} thread(s)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  err.write('service-c: worker stopping: finishing its running jobs\n');
  await worker.close();
  // Its jobs are done and its pool gone; after an outage BullMQ's own timers would keep the process up to a
  // minute more.
  process.exit();
}

/** What a worker reads of `--config FILE`, as the flags that say the same (which win over it). */
function fileValues(path: string | undefined) {
  if (path === undefined) return {};
  const { input } = readConfigFile(path);
  return definedOf({
    queue: input.queue?.url,
    'queue-name': input.queue?.name,
    db: typeof input.database === 'string' ? [input.database] : undefined,
    'data-root': input.dataRoot,
    threads: input.threads === undefined ? undefined : String(input.threads),
  });
}

function definedOf<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
