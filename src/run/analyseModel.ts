import type { Engine } from '../engine/engine.js';
import type { DriftPool } from '../pool/driftPool.js';
import type { FeatureTask } from '../pool/runDriftTask.js';
import type { BaselineTarget } from '../store/baselineProfile.js';
import { type ColumnKind, columnKinds } from '../store/columnKinds.js';
import type { DataRoot } from '../store/dataRoot.js';
import type { FetchedWindow, RowSet } from '../store/fetchWindows.js';
import { openSource, type Source } from '../store/openSource.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { ModelError } from '../store/storeError.js';
import { comparePerformance } from './comparePerformance.js';
import type { RunOptions, TimeRange } from './options.js';
import type { BaselineUse, FeatureOutcome, ModelOutcome, RunTimings } from './outcome.js';
import { readWindowPair, type WindowPair } from './readWindowPair.js';
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
  /**
   * Whether a pinned reference read from its rows gets profiles for the run to store; a queue's worker
   * reads the database only, and its results must stay small.
   */
  storeBaselines: boolean;
}

/** The model's pinned reference: its own baseline columns, else time mode's `historical` range. */
function pinOf(model: ModelRow, options: RunOptions): Pick<BaselineUse, 'from' | 'to' | 'origin'> | null {
  if (model.baseline) return { ...model.baseline, origin: 'model_metadata' };
  const { windows } = options;
  return windows.kind === 'time' && windows.historical
    ? { ...windows.historical, origin: 'windows.historical' }
    : null;
}

/** One model: its features' windows from DuckDB, one pool task per feature, then its predictions. */
export async function analyseModel(context: RunContext, model: ModelRow): Promise<ModelOutcome> {
  if (model.refused !== undefined) throw new ModelError(model.refused);
  if (model.features.length === 0) throw new ModelError('the model lists no features');
  const pin = pinOf(model, context.options);
  const range = pin === null ? undefined : { from: pin.from, to: pin.to };
  const baseline = (target: BaselineTarget) => ({
    model: model.model,
    target,
    ...(range === undefined ? {} : { pin: range }),
  });
  const source = await openSource(context.engine, model.featureTable, context.dataRoot);
  const kinds = await columnKinds(context.engine, source, model.timestampColumn, model.features);
  const featureRows = { source, timestampColumn: model.timestampColumn };
  const features = await compareWindows(context, featureRows, kinds, context.onFeatureDone, {
    ...baseline('feature'),
    emptyIsAbsent: false,
  });
  const prediction = await comparePrediction(context, baseline('prediction'));
  const performance = await comparePerformance(context, { ...baseline('performance'), paired: true });
  const [predictionOutcome] = prediction?.outcomes ?? [];
  const largestFeaturePsi = Math.max(
    ...features.outcomes.map((f) => f.result.psi ?? Number.NEGATIVE_INFINITY),
  );
  const pairs = [features.pair, prediction?.pair, performance?.pair].flatMap((pair) => pair ?? []);
  const profiles = pairs.flatMap((pair) => pair.profiles);
  return {
    model: model.model,
    status: worstStatus([
      ...[...features.outcomes, ...(predictionOutcome ? [predictionOutcome] : [])].map(
        (f) => f.result.status,
      ),
      ...(performance ? [performance.outcome.result.status] : []),
    ]),
    score: predictionOutcome
      ? predictionOutcome.result.psi
      : Number.isFinite(largestFeaturePsi)
        ? largestFeaturePsi
        : null,
    scoreSource: predictionOutcome ? 'prediction' : 'max_feature_psi',
    features: features.outcomes,
    prediction: predictionOutcome ?? null,
    performance: performance?.outcome ?? null,
    error: null,
    rowsAnalyzed: pairs.reduce((sum, pair) => sum + pair.reference.rows + pair.current.rows, 0),
    rowsRead: pairs.reduce(
      (sum, pair) => sum + (pair.profilesRead > 0 ? 0 : pair.reference.rows) + pair.current.rows,
      0,
    ),
    baseline:
      pin === null
        ? null
        : {
            ...pin,
            profilesRead: pairs.reduce((sum, pair) => sum + pair.profilesRead, 0),
            profilesStored: profiles.length,
          },
    baselineProfiles: profiles,
  };
}

type Request = { model: string; target: BaselineTarget; pin?: TimeRange; emptyIsAbsent: boolean };

async function comparePrediction(
  context: RunContext,
  request: Omit<Request, 'emptyIsAbsent'>,
): Promise<{ outcomes: FeatureOutcome[]; pair: WindowPair | null } | null> {
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
    filter: { sql: `${quoteIdentifier(schema.eventModel)} = ?`, params: [request.model] },
  };
  return compareWindows(context, events, kinds, () => {}, { ...request, emptyIsAbsent: true });
}

async function compareWindows(
  context: RunContext,
  rows: RowSet,
  kinds: Map<string, ColumnKind>,
  onDone: () => void,
  request: Request,
): Promise<{ outcomes: FeatureOutcome[]; pair: WindowPair | null }> {
  const pair = await readWindowPair(context, rows, kinds, request.emptyIsAbsent, {
    ...request,
    paired: false,
  });
  if (pair === null) return { outcomes: [], pair: null };
  if (pair.pinned && pair.referenceInfo.end === 0 && request.pin) {
    // Predictions logged only since deployment have none in a training period: as a model without events.
    if (request.emptyIsAbsent) return { outcomes: [], pair };
    const { from, to } = request.pin;
    throw new ModelError(
      `${JSON.stringify(rows.source.name)} has no rows in the pinned reference [${from.toISOString()}, ${to.toISOString()})`,
    );
  }
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
  return { outcomes, pair };
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
