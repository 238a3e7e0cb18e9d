import type { Engine } from '../engine/engine.js';
import type { DriftPool } from '../pool/driftPool.js';
import type { FeatureTask } from '../pool/runDriftTask.js';
import type { BaselineProfile, BaselineTarget } from '../store/baselineProfile.js';
import { columnKinds } from '../store/columnKinds.js';
import type { DataRoot } from '../store/dataRoot.js';
import { windowBatches } from '../store/fetchWindows.js';
import { openSource, type Source } from '../store/openSource.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { MissingTableError, ModelError } from '../store/storeError.js';
import type { ColumnKind, FetchedWindow, RowSet } from '../store/types.js';
import { comparePerformance } from './comparePerformance.js';
import type { RunOptions, TimeRange } from './options.js';
import type { BaselineUse, FeatureOutcome, ModelOutcome, RunTimings } from './outcome.js';
import type { RunContext, WindowsRead } from './types.js';
import { type WindowPlan, windowInfo, windowPlan } from './windowPlan.js';
import { worstStatus } from './worstStatus.js';

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
  const reads = [features.read, prediction?.read, performance?.read].flatMap((read) => read ?? []);
  const profiles = reads.flatMap((read) => read.profiles);
  return {
    model: model.model,
    status: worstStatus([
      ...[...features.outcomes, ...(predictionOutcome ? [predictionOutcome] : [])].map(
        (f) => f.result.status,
      ),
      ...(performance ? [performance.outcome.result.status] : []),
      ...(performance?.outcome.result.estimated ? [performance.outcome.result.estimated.status] : []),
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
    rowsAnalyzed: reads.reduce((sum, read) => sum + read.referenceRows + read.currentRows, 0),
    rowsRead: reads.reduce(
      (sum, read) => sum + (read.profilesRead > 0 ? 0 : read.referenceRows) + read.currentRows,
      0,
    ),
    baseline:
      pin === null
        ? null
        : {
            ...pin,
            profilesRead: reads.reduce((sum, read) => sum + read.profilesRead, 0),
            profilesStored: profiles.length,
          },
    baselineProfiles: profiles,
  };
}

type Request = { model: string; target: BaselineTarget; pin?: TimeRange; emptyIsAbsent: boolean };
type Compared = { outcomes: FeatureOutcome[]; read: WindowsRead | null };

async function comparePrediction(
  context: RunContext,
  request: Omit<Request, 'emptyIsAbsent'>,
): Promise<Compared | null> {
  const { schema } = context.options;
  let source: Source;
  try {
    source = await openSource(context.engine, schema.modelEvents, context.dataRoot);
  } catch (error) {
    // No inference log at all is a platform without predictions, not a broken model.
    if (error instanceof MissingTableError) return null;
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
  request: Request,
): Promise<Compared> {
  let readStart = performance.now();
  const plan = await windowPlan(context, rows, kinds, request.emptyIsAbsent, { ...request, paired: false });
  if (plan === null) return { outcomes: [], read: null };
  const { sources } = plan;
  if (sources.fingerprint !== null && sources.reference.window.end === 0 && request.pin) {
    const nothing = { referenceRows: 0, currentRows: 0, pinned: true, profilesRead: 0, profiles: [] };
    // Predictions logged only since deployment have none in a training period: as a model without events.
    if (request.emptyIsAbsent) return { outcomes: [], read: nothing };
    const { from, to } = request.pin;
    throw new ModelError(
      `${JSON.stringify(rows.source.name)} has no rows in the pinned reference [${from.toISOString()}, ${to.toISOString()})`,
    );
  }
  const outcomes = new Map<string, Promise<FeatureOutcome>>();
  const profiles: BaselineProfile[] = [];
  let last: [FetchedWindow, FetchedWindow] | undefined;
  let computing: Promise<unknown> = Promise.resolve();
  try {
    for await (const [reference, current] of pairBatches(context, plan, kinds)) {
      context.timings.readMs += performance.now() - readStart;
      last = [reference, current];
      const info = {
        reference: windowInfo(sources.reference, reference),
        current: windowInfo(sources.current, current),
      };
      // Copied and sorted before the pool takes the arrays; the categorical counts come with every batch.
      const profileStart = performance.now();
      profiles.push(
        ...plan.profilesOf(outcomes.size === 0 ? reference : { ...reference, categorical: new Map() }),
      );
      context.timings.computeMs += performance.now() - profileStart;
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
  const [reference, current] = last as [FetchedWindow, FetchedWindow];
  return { outcomes: done, read: plan.read(reference, current, profiles) };
}

/**
 * The windows' batches: both read from the rows, or the current window's beside the same columns of a
 * reference read from its stored profiles, in parts of at most BATCH_BYTES of both.
 */
async function* pairBatches(
  context: RunContext,
  plan: WindowPlan,
  kinds: ReadonlyMap<string, ColumnKind>,
): AsyncGenerator<[FetchedWindow, FetchedWindow]> {
  const { stored } = plan;
  for await (const batch of windowBatches(context.engine, plan.toRead, kinds, BATCH_BYTES)) {
    if (stored === null) {
      yield batch as [FetchedWindow, FetchedWindow];
      continue;
    }
    // The stored samples count against the batch's bytes too: they are read as their batch comes.
    const [current] = batch as [FetchedWindow];
    const columns = [...current.numeric.keys()];
    const perBatch = Math.max(1, Math.floor(BATCH_BYTES / (8 * (stored.window.rows + current.rows || 1))));
    for (let first = 0; first === 0 || first < columns.length; first += perBatch) {
      const part = columns.slice(first, first + perBatch);
      const only = (window: FetchedWindow) =>
        new Map(part.map((column) => [column, window.numeric.get(column) as Float64Array]));
      yield [
        { ...stored.window, numeric: await stored.samples(part) },
        { ...current, numeric: only(current) },
      ];
    }
  }
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
