import type { Engine } from '../engine/engine.js';
import type { DriftPool, DriftPoolOptions } from '../pool/driftPool.js';
import type { DataRoot } from '../store/dataRoot.js';
import { ensureDriftSchema } from '../store/ensureDriftSchema.js';
import { ensureOutbox } from '../store/ensureOutbox.js';
import { productionModels } from '../store/productionModels.js';
import { pruneDriftResults } from '../store/pruneDriftResults.js';
import { ModelError } from '../store/storeError.js';
import { writeModelOutcome } from '../store/writeModelOutcome.js';
import { firstLine } from '../util/firstLine.js';
import { analyseModel } from './analyseModel.js';
import type { RunOptions } from './options.js';
import type { ModelOutcome, RunSummary, RunTimings } from './outcome.js';
import { recordsOf } from './recordsOf.js';

// No Node-only import here or below: the browser entry runs the same flow.

/** What one run works with: the Node worker and the browser each bring their own engine and pool. */
export interface RunSetup {
  runId: string;
  options: RunOptions;
  signal: AbortSignal;
  engine: Engine;
  createPool: (options: DriftPoolOptions) => Promise<DriftPool>;
  /** Where Parquet sources may be read from; without one they are a model error. */
  dataRoot?: DataRoot;
}

/** One run over an open engine: every production model analysed and written, in turn. */
export async function runDrift(setup: RunSetup): Promise<RunSummary> {
  const { runId, options, signal, engine } = setup;
  const startedAt = options.now();
  const models: ModelOutcome[] = [];
  const timings = { readMs: 0, computeMs: 0, writeMs: 0 };
  const warnings: string[] = [];
  let prunedRows = 0;
  const interrupt = () => engine.interrupt();
  signal.addEventListener('abort', interrupt);
  try {
    await analyseModels(setup, models, timings, warnings);
    if (!signal.aborted) prunedRows = await applyRetention(options, signal, engine);
  } finally {
    signal.removeEventListener('abort', interrupt);
  }
  return {
    runId,
    outcome: signal.aborted ? 'cancelled' : 'success',
    startedAt,
    finishedAt: options.now(),
    models,
    timings,
    warnings,
    prunedRows,
  };
}

/** Every production model in turn, each written once analysed; `models` and `timings` fill as it goes. */
async function analyseModels(
  { runId, options, signal, engine, createPool, dataRoot }: RunSetup,
  models: ModelOutcome[],
  timings: RunTimings,
  summaryWarnings: string[],
): Promise<void> {
  await ensureDriftSchema(engine, options.schema);
  await ensureOutbox(engine, options.schema);
  const { models: production, warnings } = await productionModels(engine, options.schema);
  summaryWarnings.push(...warnings);
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
  const pool = await createPool(options);
  try {
    const context = {
      engine,
      pool,
      options,
      ...(dataRoot === undefined ? {} : { dataRoot }),
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
        if (model.refused) throw new ModelError(model.refused);
        outcome = await analyseModel(context, model);
      } catch (error) {
        if (signal.aborted) throw error;
        outcome = failedModel(model.model, error);
      }
      const at = options.now();
      const writeStart = performance.now();
      await writeModelOutcome(engine, options, recordsOf(runId, outcome, at), {
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

/** The retention's deletion; a cancel that interrupts it leaves the history as it was. */
async function applyRetention(options: RunOptions, signal: AbortSignal, engine: Engine): Promise<number> {
  try {
    return await pruneDriftResults(engine, options.schema, options.retention, options.now());
  } catch (error) {
    if (signal.aborted) return 0;
    throw error;
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
    performance: null,
    error: firstLine(error),
    rowsAnalyzed: 0,
  };
}
