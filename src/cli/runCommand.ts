import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type GivenOptions, readConfigFile } from '../config/readConfigFile.js';
import { thresholdsOf } from '../publish/thresholds.js';
import type { RunOptionsInput } from '../run/options.js';
import { guardHooks } from '../serve/runHooks.js';
import { StoreError } from '../store/storeError.js';
import { firstLine } from '../util/firstLine.js';
import { type ConfiguredRun, configuredRun } from './configuredRun.js';
import { type FailOn, failingModels } from './failingModels.js';
import { progressLine } from './progressBar.js';
import { summaryTable } from './summaryTable.js';
import {
  engineArgument,
  failOnArgument,
  numberArgument,
  queueNameArgument,
  queueUrlArgument,
} from './usageError.js';

interface Terminal {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const runFlags = {
  config: { type: 'string' },
  db: { type: 'string' },
  threads: { type: 'string' },
  'max-rows': { type: 'string' },
  engine: { type: 'string' },
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  redis: { type: 'string' },
  'fail-on': { type: 'string' },
} as const;

type RunFlagValues = ReturnType<typeof parseRunArgs>;

export function parseRunArgs(args: string[]) {
  return parseArgs({ args, options: runFlags }).values;
}

/** `run --db FILE`: one run over an existing database. Returns the exit code: 1 when a model's status fails --fail-on, else 0. */
export async function runCommand(args: string[], terminal: Terminal): Promise<number> {
  const values = parseRunArgs(args);
  const configured = runConfiguration('run', values, terminal);
  return runAndReport(configured, values, terminal);
}

/** `demo [--db FILE]`: creates the demo database when it is missing, then runs on it; the exit code as run's. */
export async function demoCommand(args: string[], terminal: Terminal): Promise<number> {
  const values = parseRunArgs(args);
  const file = values.config === undefined ? null : readConfigFile(values.config);
  const database = values.db ?? (file?.input.database as string | undefined) ?? 'demo.duckdb';
  const configured = runConfiguration('demo', { ...values, db: database }, terminal, file);
  if (!existsSync(database)) {
    terminal.err.write(`creating the demo database ${database} ...\n`);
    const { createDemoDatabase } = await import('../demo/createDemoDatabase.js');
    await createDemoDatabase(database).catch((error: unknown) => {
      throw new StoreError(`cannot create the demo database ${database}: ${firstLine(error)}`);
    });
  }
  return runAndReport(configured, values, terminal);
}

/** The run's options: `--config FILE`'s, the flags' over them, checked at once. */
export function runConfiguration(
  command: string,
  values: RunFlagValues,
  { err, env }: Pick<Terminal, 'err' | 'env'>,
  file = values.config === undefined ? null : readConfigFile(values.config),
): ConfiguredRun {
  return configuredRun(file, runFlagOptions(values), {
    command,
    redis: values.redis ?? env.REDIS_URL,
    env,
    log: (line) => err.write(`service-c: ${line}\n`),
    cores: availableParallelism(),
  });
}

/** What the run flags set, and nothing else: the file's and the defaults' stay where no flag is given. */
export function runFlagOptions(values: RunFlagValues): GivenOptions {
  return {
    ...(values.db === undefined ? {} : { database: values.db }),
    ...(values.threads === undefined
      ? {}
      : { threads: numberArgument('--threads', values.threads, { integer: true, min: 1 }) }),
    ...(values['max-rows'] === undefined
      ? {}
      : { maxRowsPerWindow: numberArgument('--max-rows', values['max-rows'], { integer: true, min: 1 }) }),
    ...(values.engine === undefined ? {} : { engine: engineArgument(values.engine) }),
    ...queueArguments(values),
  };
}

async function runAndReport(
  { input: configured, options, redis }: ConfiguredRun,
  values: RunFlagValues,
  { out, err }: Terminal,
): Promise<number> {
  const failOn: FailOn = values['fail-on'] === undefined ? 'error' : failOnArgument(values['fail-on']);
  const input: RunOptionsInput = {
    ...configured,
    ...(out.isTTY ? { onProgress: (progress) => err.write(progressLine(progress)) } : {}),
    onLockWait: () =>
      err.write(
        `service-c: ${configured.database} is held by another process; waiting until it lets go (at most lockWaitMs, 60 s by default)\n`,
      ),
  };
  const warn = (warning: unknown) => err.write(`service-c: warning: ${firstLine(warning)}\n`);
  // As serve does: what Redis misses waits in DuckDB for a later run or serve to publish.
  // The thresholds each message says were in force: the run's own (a config file may have changed them).
  const thresholds = thresholdsOf(options.compare, options.performance);
  const publisher = redis
    ? await (await import('./redisPublishing.js')).redisPublishing(redis, {
        schema: options.schema,
        thresholds,
        log: warn,
      })
    : null;
  try {
    const hooks = publisher ? guardHooks(publisher.hooks, warn) : {};
    const summary = await runUntilDone({ ...input, ...hooks }, { out, err }, warn);
    out.write(`${summaryTable(summary)}\n`);
    const failed = failingModels(summary.models, failOn);
    if (failed.length > 0) {
      const names = failed.map(({ model, status }) => `${model} (${status})`).join(', ');
      err.write(
        `service-c: ${failed.length} of ${summary.models.length} models fail --fail-on ${failOn}: ${names}\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    publisher?.close();
  }
}

/** The run, cancelled by SIGINT; its warnings reported. */
async function runUntilDone(
  input: RunOptionsInput,
  { out, err }: Pick<Terminal, 'out' | 'err'>,
  warn: (warning: string) => void,
) {
  // Loaded here, not with the module: a mistake in the arguments is said without loading the worker.
  const { startServiceC } = await import('../run/startServiceC.js');
  const run = startServiceC(input);
  // Cancelled, a run writes nothing more and (on a queue) removes its jobs no worker has taken yet.
  const stop = () => run.cancel();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await run.done;
    if (out.isTTY) err.write('\n');
    for (const warning of summary.warnings) warn(warning);
    return summary;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * `--queue URL [--queue-name NAME]` as a run's queue option; its secret and messages are added once merged
 * with a file's queue (`configuredRun`).
 */
export function queueArguments(values: {
  queue?: string | undefined;
  'queue-name'?: string | undefined;
}): Pick<GivenOptions, 'queue'> {
  const queue = {
    ...(values.queue === undefined ? {} : { url: queueUrlArgument(values.queue) }),
    ...(values['queue-name'] === undefined ? {} : { name: queueNameArgument(values['queue-name']) }),
  };
  return Object.keys(queue).length === 0 ? {} : { queue };
}
