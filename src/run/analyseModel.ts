import type { Engine } from '../engine/engine.js';
import type { DriftPool } from '../pool/driftPool.js';
import type { FeatureTask } from '../pool/runDriftTask.js';
import { type ColumnKind, columnKinds } from '../store/columnKinds.js';
import type { DataRoot } from '../store/dataRoot.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { type FetchedWindow, type RowSet, type WindowSource, windowBatches } from '../store/fetchWindows.js';
import { openSource, type Source } from '../store/openSource.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { ModelError } from '../store/storeError.js';
import { comparePerformance } from './comparePerformance.js';
import type { RunOptions } from './options.js';
import type { FeatureOutcome, ModelOutcome, RunTimings } from './outcome.js';
import { windowSources } from './windowSources.js';
import { worstStatus } from './worstStatus.js';

export interface RunContext {
  engine: Engine;
  pool: DriftPool;
  options: RunOptions;
  /** Where Parquet sources may be read from; none in a browser. */
  dataRoot?: DataRoot;
  signal: AbortSignal;
  onFeatureDone: () => void;
  timings: RunTimings;
}

/** One model: its features' windows from DuckDB, one pool task per feature, then its predictions. */
export async function analyseModel(context: RunContext, model: ModelRow): Promise<ModelOutcome> {
  if (model.refused !== undefined) throw new ModelError(model.refused);
  if (model.features.length === 0) throw new ModelError('the model lists no features');
  const source = await openSource(context.engine, model.featureTable, context.dataRoot);
  const kinds = await columnKinds(context.engine, source, model.timestampColumn, model.features);
  const featureRows = { source, timestampColumn: model.timestampColumn };
  const features = await compareWindows(context, featureRows, kinds, context.onFeatureDone);
  const prediction = await comparePrediction(context, model.model);
  const performance = await comparePerformance(context, model.model);
  const largestFeaturePsi = Math.max(...features.map((f) => f.result.psi ?? Number.NEGATIVE_INFINITY));
  const rowsOf = (outcomes: FeatureOutcome[]) =>
    outcomes[0] ? outcomes[0].reference.rows + outcomes[0].current.rows : 0;
  return {
    model: model.model,
    status: worstStatus([
      ...[...features, ...(prediction ? [prediction] : [])].map((f) => f.result.status),
      ...(performance ? [performance.result.status] : []),
    ]),
    score: prediction ? prediction.result.psi : Number.isFinite(largestFeaturePsi) ? largestFeaturePsi : null,
    scoreSource: prediction ? 'prediction' : 'max_feature_psi',
    features,
    prediction,
    performance,
    error: null,
    rowsAnalyzed:
      rowsOf(features) +
      (prediction ? rowsOf([prediction]) : 0) +
      (performance ? performance.reference.rows + performance.current.rows : 0),
  };
}

async function comparePrediction(context: RunContext, model: string): Promise<FeatureOutcome | null> {
  const { schema } = context.options;
  let source: Source;
  try {
    source = await openSource(context.engine, schema.modelEvents, context.dataRoot);
  } catch (error) {
    // No inference log at all is a platform without predictions, not a broken model.
    if (error instanceof ModelError && /^table .* does not exist$/.test(error.message)) return null;
    throw error;
  }
  const kinds = await columnKinds(context.engine, source, schema.eventTime, [schema.prediction]);
  const events: RowSet = {
    source,
    timestampColumn: schema.eventTime,
    filter: { sql: `${quoteIdentifier(schema.eventModel)} = ?`, params: [model] },
  };
  const [outcome] = await compareWindows(context, events, kinds, () => {}, true);
  return outcome ?? null;
}

/**
 * Numeric columns are read this many bytes of doubles at a time: one batch is computed while the next is
 * read, and no more than two are held at once.
 */
const BATCH_BYTES = 16 * 2 ** 20;

async function compareWindows(
  context: RunContext,
  rows: RowSet,
  kinds: Map<string, ColumnKind>,
  onDone: () => void,
  emptyIsAbsent = false,
): Promise<FeatureOutcome[]> {
  let readStart = performance.now();
  const sources = await windowSources(context.engine, rows, context.options);
  if (sources.total === 0 && emptyIsAbsent) return [];
  const outcomes = new Map<string, Promise<FeatureOutcome>>();
  let computing: Promise<unknown> = Promise.resolve();
  try {
    const batches = windowBatches(context.engine, [sources.reference, sources.current], kinds, BATCH_BYTES);
    for await (const [reference, current] of batches as AsyncIterable<[FetchedWindow, FetchedWindow]>) {
      context.timings.readMs += performance.now() - readStart;
      const info = {
        reference: windowInfo(sources.reference, reference),
        current: windowInfo(sources.current, current),
      };
      const batch = [
        ...reference.numeric.keys(),
        ...(outcomes.size === 0 ? reference.categorical.keys() : []),
      ];
      const started = batch.map((feature) => {
        const outcome = context.pool
          .run(
            task(feature, kinds.get(feature) as ColumnKind, reference, current, context.options),
            context.signal,
          )
          .then((result) => {
            onDone();
            return { feature, result, ...info };
          });
        outcomes.set(feature, outcome);
        return outcome;
      });
      const batchDone = Promise.all(started);
      // Awaited later: a task failing meanwhile is handled, not an unhandled rejection.
      batchDone.catch(() => {});
      // The batch before this one must be done before a third is read.
      const waitStart = performance.now();
      await computing;
      context.timings.computeMs += performance.now() - waitStart;
      computing = batchDone;
      readStart = performance.now();
    }
  } catch (error) {
    await Promise.allSettled(outcomes.values());
    throw error;
  }
  const computeStart = performance.now();
  const done = await Promise.all(
    [...kinds.keys()].map((feature) => outcomes.get(feature) as Promise<FeatureOutcome>),
  );
  context.timings.computeMs += performance.now() - computeStart;
  return done;
}

function task(
  feature: string,
  kind: ColumnKind,
  reference: FetchedWindow,
  current: FetchedWindow,
  options: RunOptions,
): FeatureTask {
  if (kind === 'numeric') {
    return {
      kind,
      reference: reference.numeric.get(feature) as Float64Array,
      current: current.numeric.get(feature) as Float64Array,
      options: options.compare,
    };
  }
  const none = { counts: new Map<string, number>(), missing: 0 };
  return {
    kind,
    reference: reference.categorical.get(feature) ?? none,
    current: current.categorical.get(feature) ?? none,
    options: options.compare,
  };
}

function windowInfo(source: WindowSource, fetched: FetchedWindow): WindowInfo {
  return { ...source.window, rows: fetched.rows, firstTime: fetched.firstTime, lastTime: fetched.lastTime };
}
