import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { withEngine } from '../engine/openEngine.js';
import { createDriftPool } from '../pool/driftPool.js';
import { ensureDriftSchema } from '../store/ensureDriftSchema.js';
import { productionModels } from '../store/productionModels.js';
import { writeModelOutcome } from '../store/writeModelOutcome.js';
import { firstLine } from '../util/firstLine.js';
import { analyseModel } from './analyseModel.js';
import { engineSettings, type RunOptions, type RunOptionsInput, resolveRunOptions } from './options.js';
import type { ModelOutcome, RunSummary, RunTimings } from './outcome.js';
import { recordsOf } from './recordsOf.js';

export interface DriftRun {
  runId: string;
  /** Stops the run cleanly: the DuckDB query is interrupted, no model is half-written. */
  cancel(): void;
  /** Resolves when the run ends (also when cancelled); rejects when the database cannot be used. */
  done: Promise<RunSummary>;
}

// The one piece of module state, on purpose: runs on one database never overlap, so a second call while
// one is active gets that run's handle.
const activeRuns = new Map<string | Engine, DriftRun>();

/** Starts a drift run in the background and returns at once. */
export function startServiceC(input: RunOptionsInput): DriftRun {
  const key = typeof input.database === 'string' ? resolve(input.database) : input.database;
  const active = activeRuns.get(key);
  if (active) return active;
  const options = resolveRunOptions(input, availableParallelism());
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  // Every pool task of a model listens to it at once.
  setMaxListeners(0, signal);
  const runId = randomUUID();
  const run: DriftRun = {
    runId,
    cancel: () => controller.abort(),
    done: executeRun(runId, options, signal).finally(() => activeRuns.delete(key)),
  };
  activeRuns.set(key, run);
  return run;
}

/** A run under way: its outcomes and timings fill as it goes. */
interface RunState {
  runId: string;
  options: RunOptions;
  signal: AbortSignal;
  models: ModelOutcome[];
  timings: RunTimings;
}

async function executeRun(runId: string, options: RunOptions, signal: AbortSignal): Promise<RunSummary> {
  const startedAt = options.now();
  const run: RunState = {
    runId,
    options,
    signal,
    models: [],
    timings: { readMs: 0, computeMs: 0, writeMs: 0 },
  };
  await withEngine(options.database, engineSettings(options), async (engine) => {
    const interrupt = () => engine.interrupt();
    signal.addEventListener('abort', interrupt);
    try {
      await analyseModels(run, engine);
    } finally {
      signal.removeEventListener('abort', interrupt);
    }
  });
  return {
    runId,
    outcome: signal.aborted ? 'cancelled' : 'success',
    startedAt,
    finishedAt: options.now(),
    models: run.models,
    timings: run.timings,
  };
}

/** Every production model in turn, each written once analysed. */
async function analyseModels(run: RunState, engine: Engine): Promise<void> {
  const { runId, options, signal, models, timings } = run;
  await ensureDriftSchema(engine, options.schema);
  const production = await productionModels(engine, options.schema);
  const featuresTotal = production.reduce((sum, model) => sum + model.features.length, 0);
  let featuresDone = 0;
  const progress = (model?: string) =>
    options.onProgress?.({
      modelsDone: models.length,
      modelsTotal: production.length,
      featuresDone,
      featuresTotal,
      ...(model === undefined ? {} : { model }),
    });
  await options.onRunStart?.({ runId, models: production.map((m) => m.model), engine });
  const pool = await createDriftPool(options);
  try {
    const context = {
      engine,
      pool,
      options,
      signal,
      onFeatureDone: () => {
        featuresDone++;
        progress();
      },
      timings,
    };
    const step = async (model: (typeof production)[number]) => {
      let outcome: ModelOutcome;
      try {
        outcome = await analyseModel(context, model);
      } catch (error) {
        if (signal.aborted) throw error;
        outcome = failedModel(model.model, error);
      }
      const at = options.now();
      const writeStart = performance.now();
      await writeModelOutcome(engine, options.schema, recordsOf(runId, outcome, at), {
        model: outcome.model,
        score: outcome.score,
        featureScores: new Map(
          outcome.features.flatMap((f) => (f.result.psi === null ? [] : [[f.feature, f.result.psi]])),
        ),
        status: outcome.status,
        at,
      });
      timings.writeMs += performance.now() - writeStart;
      models.push(outcome);
      await options.onModelWritten?.({ runId, outcome, computedAt: at, engine });
      progress(outcome.model);
    };
    for (const model of production) {
      if (signal.aborted) break;
      try {
        await step(model);
      } catch (error) {
        // Whatever the interrupt broke (a query, the transaction, a hook's query) ends the run as cancelled.
        if (signal.aborted) break;
        throw error;
      }
    }
  } finally {
    await pool.destroy();
  }
}

function failedModel(model: string, error: unknown): ModelOutcome {
  return {
    model,
    status: 'error',
    score: null,
    scoreSource: null,
    features: [],
    prediction: null,
    error: firstLine(error),
    rowsAnalyzed: 0,
  };
}
