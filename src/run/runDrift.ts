import type { Engine } from '../engine/engine.js';
import type { DataRoot } from '../store/dataRoot.js';
import { ensureDriftSchema } from '../store/ensureDriftSchema.js';
import { ensureOutbox } from '../store/ensureOutbox.js';
import { futureRuns } from '../store/futureRuns.js';
import { type ModelRow, productionModels } from '../store/productionModels.js';
import { pruneDriftResults } from '../store/pruneDriftResults.js';
import { writeModelOutcome } from '../store/writeModelOutcome.js';
import type { CreateAnalyser } from './modelAnalyser.js';
import type { RunOptions } from './options.js';
import type { ModelOutcome, RunSummary, RunTimings } from './outcome.js';
import { recordsOf } from './recordsOf.js';

// No Node-only import here or below: the browser entry runs the same flow.

/** What one run works with: the Node worker and the browser each bring their own engine and analyser. */
export interface RunSetup {
  runId: string;
  options: RunOptions;
  signal: AbortSignal;
  engine: Engine;
  /** Where the models are analysed: here (`localAnalyser`) or on a queue's workers (`queueAnalyser`). */
  createAnalyser: CreateAnalyser;
  /** Where Parquet sources may be read from; without one they are a model error. */
  dataRoot?: DataRoot;
}

/** One run over an open engine: every production model analysed, and written as its outcome comes. */
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
    if (!signal.aborted) prunedRows = await applyRetention(setup, warnings);
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

/** Every production model, each written once analysed; `models` and `timings` fill as it goes. */
async function analyseModels(
  { runId, options, signal, engine, createAnalyser, dataRoot }: RunSetup,
  models: ModelOutcome[],
  timings: RunTimings,
  summaryWarnings: string[],
): Promise<void> {
  let production: ModelRow[] = [];
  let featuresTotal = 0;
  let featuresDone = 0;
  const progress = (model?: string) =>
    options.onProgress?.({
      modelsDone: models.length,
      modelsTotal: production.length,
      featuresDone,
      featuresTotal,
      ...(model === undefined ? {} : { model }),
    });
  // The analyser first: a queue that cannot be used fails the run before it touches the database.
  const analyser = await createAnalyser({
    runId,
    options,
    signal,
    engine,
    ...(dataRoot === undefined ? {} : { dataRoot }),
    onFeaturesDone: (count) => {
      featuresDone += count;
      progress();
    },
    timings,
  });
  const write = async ({ baselineProfiles, ...written }: ModelOutcome) => {
    const at = options.now();
    const writeStart = performance.now();
    // The samples are dropped once stored: the summary keeps the statistics, not the rows.
    const outcome: ModelOutcome = { ...written, baselineProfiles: [] };
    await writeModelOutcome(
      engine,
      options,
      recordsOf(runId, outcome, at),
      {
        model: outcome.model,
        score: outcome.score,
        featureScores: new Map(
          outcome.features.flatMap((f) => (f.result.psi === null ? [] : [[f.feature, f.result.psi]])),
        ),
        status: outcome.status,
        at,
      },
      baselineProfiles.map((profile) => ({ ...profile, runId, at })),
    );
    timings.writeMs += performance.now() - writeStart;
    models.push(outcome);
    summaryWarnings.push(...(outcome.baseline?.warnings ?? []));
    await options.onModelWritten?.({ runId, outcome, computedAt: at, engine });
    progress(outcome.model);
  };
  try {
    await ensureDriftSchema(engine, options.schema);
    await ensureOutbox(engine, options.schema);
    const listed = await productionModels(engine, options.schema);
    production = listed.models;
    summaryWarnings.push(...listed.warnings);
    featuresTotal = production.reduce((sum, model) => sum + model.features.length, 0);
    await options.onRunStart?.({ runId, models: production.map((m) => m.model), engine });
    for await (const outcome of analyser.outcomes(production)) {
      if (signal.aborted) break;
      await write(outcome);
    }
  } catch (error) {
    // Whatever the interrupt broke (a query, the transaction, a hook's query) ends the run as cancelled.
    if (!signal.aborted) throw error;
  } finally {
    await analyser.close();
  }
}

/** The retention's deletion; a cancel that interrupts it leaves the history as it was. */
async function applyRetention(
  { runId, options, signal, engine }: RunSetup,
  warnings: string[],
): Promise<number> {
  const now = options.now();
  try {
    const ahead = await futureRuns(engine, options.schema, now);
    if (ahead > 0) {
      warnings.push(
        `${ahead} run${ahead > 1 ? 's' : ''} in ${JSON.stringify(options.schema.driftResults)} dated after now (${now.toISOString()}; a clock ahead or copied rows): kept, and not counted as any model's newest`,
      );
    }
    return await pruneDriftResults(engine, options.schema, options.retention, now, runId);
  } catch (error) {
    if (signal.aborted) return 0;
    throw error;
  }
}
