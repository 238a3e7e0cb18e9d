import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  defaultQueueWorkerOptions,
  type QueueWorkerOptions,
  startQueueWorker,
} from '../queue/queueWorker.js';
import { parseDuration } from './parseDuration.js';
import { numberArgument, queueNameArgument, queueUrlArgument, UsageError } from './usageError.js';

const workerFlags = {
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  concurrency: { type: 'string' },
  threads: { type: 'string' },
  'lock-duration': { type: 'string' },
  'stalled-interval': { type: 'string' },
} as const;

export function parseWorkerArgs(args: string[]): QueueWorkerOptions {
  const { values } = parseArgs({ args, options: workerFlags });
  if (values.queue === undefined) throw new UsageError('worker needs --queue redis://HOST:PORT');
  const positive = (flag: string, text: string) => {
    const value = numberArgument(flag, text, { integer: true });
    if (value < 1) throw new UsageError(`${flag} must be at least 1, got ${value}`);
    return value;
  };
  return {
    ...defaultQueueWorkerOptions,
    url: queueUrlArgument(values.queue),
    // All cores but one, as a local run.
    threads: Math.max(1, availableParallelism() - 1),
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
 * `worker --queue URL`: analyses models of runs on that queue until SIGTERM or SIGINT, then finishes its
 * running jobs and exits.
 */
export async function workerCommand(args: string[], err: NodeJS.WritableStream): Promise<void> {
  const options = parseWorkerArgs(args);
  const worker = await startQueueWorker({ ...options, log: (line) => err.write(`service-c: ${line}\n`) });
  err.write(
    `service-c: worker on queue '${options.name}' at ${new URL(options.url).host}, ` +
      `${options.concurrency} job(s) at once, ${options.threads} thread(s)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  err.write('service-c: worker stopping: finishing its running jobs\n');
  await worker.close();
}
