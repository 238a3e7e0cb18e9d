import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { lazyEngine } from '../engine/lazyEngine.js';
import { openEngine, withEngine } from '../engine/openEngine.js';
import { openWhenUnlocked } from '../engine/openWhenUnlocked.js';
import { createDriftPool } from '../pool/driftPool.js';
import { queueAnalyser } from '../queue/queueAnalyser.js';
import { localAnalyser } from './localAnalyser.js';
import { localDataRoot } from './localDataRoot.js';
import { engineSettings, type RunOptions, type RunOptionsInput, resolveRunOptions } from './options.js';
import type { RunSummary } from './outcome.js';
import { runDrift } from './runDrift.js';

export interface DriftRun {
  runId: string;
  /** Stops the run cleanly: the DuckDB query is interrupted, no model is half-written. */
  cancel(): void;
  /** Resolves when the run ends (also when cancelled); rejects when the database cannot be used. */
  done: Promise<RunSummary>;
}

// The one piece of module state, on purpose: runs on one database never overlap, so a second call while
// one is active gets that run's handle. A file is known by its identity, not by the name it was given.
const activeRuns = new Map<string | Engine, DriftRun>();

/** Starts a drift run in the background and returns at once. */
export function startServiceC(input: RunOptionsInput): DriftRun {
  const options = resolveRunOptions(input, availableParallelism());
  const key = typeof options.database === 'string' ? fileIdentity(options.database) : options.database;
  const active = activeRuns.get(key);
  if (active) return active;
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  // Every pool task of a model listens to it at once.
  setMaxListeners(0, signal);
  const runId = randomUUID();
  const dataRoot =
    options.dataRoot ??
    (typeof options.database === 'string' ? dirname(resolve(options.database)) : undefined);
  const run: DriftRun = {
    runId,
    cancel: () => controller.abort(),
    done: withRunEngine(options, (engine) =>
      runDrift({
        runId,
        options,
        signal,
        engine,
        createAnalyser: options.queue ? queueAnalyser(options.queue) : localAnalyser(createDriftPool),
        ...(dataRoot === undefined ? {} : { dataRoot: localDataRoot(dataRoot) }),
      }),
    ).finally(() => activeRuns.delete(key)),
  };
  activeRuns.set(key, run);
  return run;
}

// A queue run writes a model in a few milliseconds, then waits for workers: it lets the file go at once.
const QUEUE_RUN_IDLE_MS = 20;

/**
 * Runs `use` on the run's engine. A local run holds the file from start to end. A queue run opens it only
 * while it lists models or writes a result, waiting while workers on this machine read it, so that they can
 * read it between its writes.
 */
async function withRunEngine<T>(options: RunOptions, use: (engine: Engine) => Promise<T>): Promise<T> {
  const settings = engineSettings(options);
  const { database } = options;
  if (options.queue === null || typeof database !== 'string') return withEngine(database, settings, use);
  const engine = lazyEngine(
    () => openWhenUnlocked(() => openEngine(database, settings), options.lockWaitMs),
    settings.engine,
    QUEUE_RUN_IDLE_MS,
  );
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

/** The file itself, however it is named (a symlink, a relative path, a hard link): its device and inode. */
function fileIdentity(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : resolve(path);
}
