import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { lazyEngine } from '../engine/lazyEngine.js';
import { openEngine, withEngine } from '../engine/openEngine.js';
import { openWhenUnlocked } from '../engine/openWhenUnlocked.js';
import { createDriftPool } from '../pool/driftPool.js';
import { loadPart } from '../util/optionalPeers.js';
import { holdRunLock } from './holdRunLock.js';
import { localAnalyser } from './localAnalyser.js';
import { localDataRoot } from './localDataRoot.js';
import type { CreateAnalyser } from './modelAnalyser.js';
import { engineSettings, type RunOptions, type RunOptionsInput, resolveRunOptions } from './options.js';
import { runDrift } from './runDrift.js';
import { type DriftRun, RunRegistry } from './runRegistry.js';

export type { DriftRun } from './runRegistry.js';

/**
 * The registry of the callers that pass none. Process-wide on purpose: every caller of startServiceC(input)
 * is promised that a call while a run on the same database is active returns that run's handle (Service D
 * calls it again and again and passes nothing), and only memory that outlives one call can keep that
 * promise; a registry made per call would hold nothing. A caller that owns its scope (serve, a test, a
 * service running several stores) makes its own RunRegistry and passes it.
 */
export const sharedRuns = new RunRegistry();

/**
 * Starts a drift run in the background and returns at once; while a run on the same database is active in
 * `runs`, returns that run's handle instead.
 */
export function startServiceC(input: RunOptionsInput, runs: RunRegistry = sharedRuns): DriftRun {
  const options = resolveRunOptions(input, availableParallelism());
  return runs.runOn(options.database, () => start(options));
}

function start(options: RunOptions): DriftRun {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  // Every pool task of a model listens to it at once.
  setMaxListeners(0, signal);
  const runId = randomUUID();
  const dataRoot =
    options.dataRoot ??
    (typeof options.database === 'string' ? dirname(resolve(options.database)) : undefined);
  return {
    runId,
    cancel: () => controller.abort(),
    done: analyserOf(options).then((createAnalyser) =>
      withRunEngine(options, (engine) =>
        runDrift({
          runId,
          options,
          signal,
          engine,
          createAnalyser,
          ...(dataRoot === undefined ? {} : { dataRoot: localDataRoot(dataRoot) }),
        }),
      ),
    ),
  };
}

/**
 * How the run analyses its models: in this process's pool, or by queue workers. The queue's code is loaded
 * here, before the run opens anything: it needs bullmq, an optional peer dependency.
 */
async function analyserOf(options: RunOptions): Promise<CreateAnalyser> {
  const { queue } = options;
  if (!queue) return localAnalyser(createDriftPool);
  const { queueAnalyser } = await loadPart('the queue', () => import('../queue/queueAnalyser.js'));
  return queueAnalyser(queue);
}

// A queue run writes a model in a few milliseconds, then waits for workers: it lets the file go at once.
const QUEUE_RUN_IDLE_MS = 20;

/**
 * Runs `use` on the run's engine; every open waits up to lockWaitMs while another process holds the file.
 * A local run holds the file from start to end. A queue run opens it only
 * while it lists models or writes a result, waiting while workers on this machine read it, so that they can
 * read it between its writes; it holds the run lock beside it instead, all along.
 */
async function withRunEngine<T>(options: RunOptions, use: (engine: Engine) => Promise<T>): Promise<T> {
  const settings = engineSettings(options);
  const { database } = options;
  const wait = { waitMs: options.lockWaitMs, onWait: options.onLockWait };
  if (options.queue === null || typeof database !== 'string')
    return withEngine(database, settings, use, wait);
  const lock = await holdRunLock(database);
  const engine = lazyEngine(
    () => openWhenUnlocked(() => openEngine(database, settings), wait.waitMs, wait.onWait),
    settings.engine,
    QUEUE_RUN_IDLE_MS,
  );
  try {
    return await use(engine);
  } finally {
    await engine.close().finally(() => lock.release());
  }
}
