import { DriftInputError } from '../compare/driftInputError.js';
import { lazyEngine } from '../engine/lazyEngine.js';
import { openEngine } from '../engine/openEngine.js';
import { openWhenUnlocked } from '../engine/openWhenUnlocked.js';
import type { DriftPool } from '../pool/driftPool.js';
import { analyseModel } from '../run/analyseModel.js';
import { failedModel } from '../run/failedModel.js';
import type { RunOptions } from '../run/options.js';
import type { ModelOutcome } from '../run/outcome.js';
import type { DataRoot } from '../store/dataRoot.js';
import { ModelError } from '../store/storeError.js';
import { identityMismatch } from './identityMismatch.js';
import type { ModelJob, ModelJobResult } from './modelJob.js';
import { readIdentity } from './readIdentity.js';

/** How a worker reads the database. */
export interface JobReading {
  /** How long an open waits while the coordinator writes the file. */
  lockWaitMs: number;
  /** The file is let go after this long without a query, so that the coordinator can write meanwhile. */
  idleMs: number;
  /** The worker's own folder for `parquet:` sources of this database. */
  dataRoot: DataRoot;
  /** Hears that an open waits while another process holds the file. */
  onLockWait?: () => void;
}

/**
 * One model's job, as a local run analyses it: its windows read through a READ_ONLY engine, its features on
 * the worker's pool, so that it gives the same numbers. `options` are the job's, checked (`openJob`).
 */
export async function analyseJob(
  job: ModelJob,
  options: RunOptions,
  pool: DriftPool,
  reading: JobReading,
): Promise<ModelJobResult> {
  const started = performance.now();
  const settings = {
    engine: 'node' as const,
    threads: options.duckdbThreads,
    memoryLimit: options.duckdbMemoryLimit,
    readOnly: true,
  };
  const engine = lazyEngine(
    () => openWhenUnlocked(() => openEngine(job.database, settings), reading.lockWaitMs, reading.onLockWait),
    'node',
    reading.idleMs,
  );
  const timings = { readMs: 0, computeMs: 0, writeMs: 0 };
  const signal = new AbortController().signal;
  let outcome: ModelOutcome;
  try {
    // Computed from other rows than the coordinator's, the numbers would be written as the run's own.
    const here = await readIdentity(engine, job.model, options.schema, reading.dataRoot);
    const mismatch = identityMismatch(job.identity, here, job.model, options.schema);
    if (mismatch !== null) throw new ModelError(mismatch);
    outcome = await analyseModel(
      {
        engine,
        pool,
        options,
        dataRoot: reading.dataRoot,
        signal,
        onFeatureDone: () => {},
        timings,
        // A worker reads the database only, and its result must stay small: the profiles are not stored.
        storeBaselines: false,
      },
      job.model,
    );
  } catch (error) {
    // What the data rules out (a missing table or column, a type) fails alike on every try: that is the
    // model's outcome at once. Anything else (memory, storage, the file locked too long) may pass on another
    // try or machine: the job fails and is tried again.
    if (!(error instanceof ModelError || error instanceof DriftInputError)) throw error;
    outcome = failedModel(job.model.model, error);
  } finally {
    await engine.close();
  }
  return {
    outcome,
    computeMs: timings.computeMs,
    workMs: performance.now() - started,
  };
}
