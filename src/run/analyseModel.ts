import type { Engine } from '../engine/engine.js';
import type { DriftPool } from '../pool/driftPool.js';
import type { FeatureTask } from '../pool/runDriftTask.js';
import { type ColumnKind, columnKinds } from '../store/columnKinds.js';
import type { FetchedWindow, RowSet } from '../store/fetchWindows.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { ModelError } from '../store/storeError.js';
import { comparePerformance } from './comparePerformance.js';
import type { RunOptions } from './options.js';
import type { FeatureOutcome, ModelOutcome, RunTimings } from './outcome.js';
import { readWindowPair } from './readWindowPair.js';
import { worstStatus } from './worstStatus.js';

export interface RunContext {
  engine: Engine;
  pool: DriftPool;
  options: RunOptions;
  signal: AbortSignal;
  onFeatureDone: () => void;
  timings: RunTimings;
}

/** One model: its features' windows from DuckDB, one pool task per feature, then its predictions. */
export async function analyseModel(context: RunContext, model: ModelRow): Promise<ModelOutcome> {
  if (model.features.length === 0) throw new ModelError('the model lists no features');
  const kinds = await columnKinds(context.engine, model.featureTable, model.timestampColumn, model.features);
  const featureRows = { table: model.featureTable, timestampColumn: model.timestampColumn };
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
  const events: RowSet = {
    table: schema.modelEvents,
    timestampColumn: schema.eventTime,
    filter: { sql: `${quoteIdentifier(schema.eventModel)} = ?`, params: [model] },
  };
  let kinds: Map<string, ColumnKind>;
  try {
    kinds = await columnKinds(context.engine, schema.modelEvents, schema.eventTime, [schema.prediction]);
  } catch (error) {
    // No inference log at all is a platform without predictions, not a broken model.
    if (error instanceof ModelError && /^table .* does not exist$/.test(error.message)) return null;
    throw error;
  }
  const [outcome] = await compareWindows(context, events, kinds, () => {}, true);
  return outcome ?? null;
}

async function compareWindows(
  context: RunContext,
  rows: RowSet,
  kinds: Map<string, ColumnKind>,
  onDone: () => void,
  emptyIsAbsent = false,
): Promise<FeatureOutcome[]> {
  const pair = await readWindowPair(context, rows, kinds, emptyIsAbsent);
  if (pair === null) return [];
  const computeStart = performance.now();
  const outcomes = await Promise.all(
    [...kinds].map(async ([feature, kind]) => {
      const result = await context.pool.run(
        task(feature, kind, pair.reference, pair.current, context.options),
        context.signal,
      );
      onDone();
      return { feature, result, reference: pair.referenceInfo, current: pair.currentInfo };
    }),
  );
  context.timings.computeMs += performance.now() - computeStart;
  return outcomes;
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
