import type { ColumnTypes, DriftResult } from '../compare/result.js';
import type { PerformanceResult } from '../performance/result.js';
import type { FeatureTask } from '../pool/runDriftTask.js';
import { applyGate } from '../signal/applyGate.js';
import { phaseOf } from '../signal/cycle.js';
import { type HourSlots, hourSlots } from '../signal/hourSlots.js';
import type { BaselineProfile, BaselineTarget } from '../store/baselineProfile.js';
import { columnKinds } from '../store/columnKinds.js';
import { windowBatches } from '../store/fetchWindows.js';
import { modelSeasonality } from '../store/modelSeasonality.js';
import { openSource, type Source } from '../store/openSource.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import {
  heldProfiles,
  ProfileRejected,
  type StoredBaseline,
  type StoredColumn,
} from '../store/readBaseline.js';
import { recordedTypes } from '../store/recordedTypes.js';
import { MissingTableError, ModelError } from '../store/storeError.js';
import { timedSource } from '../store/timedSource.js';
import type { ColumnKind, FetchedWindow, RowSet } from '../store/types.js';
import { comparePerformance } from './comparePerformance.js';
import { modelOptions } from './modelOptions.js';
import type { RunOptions } from './options.js';
import type { BaselineUse, FeatureOutcome, ModelOutcome } from './outcome.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';
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
export async function analyseModel(run: RunContext, model: ModelRow): Promise<ModelOutcome> {
  const context = { ...run, options: modelOptions(run.options, model.model) };
  if (model.refused !== undefined) throw new ModelError(model.refused);
  if (model.features.length === 0) throw new ModelError('the model lists no features');
  const pin = pinOf(model, context.options);
  const range = pin === null ? undefined : { from: pin.from, to: pin.to };
  const seasonality =
    (await modelSeasonality(context.engine, context.options.schema, model.model)) ??
    context.options.seasonality;
  // The targets' stored phases read ahead together: the first target's query reads the others' too.
  const held = heldProfiles();
  const baseline = (target: BaselineTarget) => ({
    model: model.model,
    target,
    seasonality,
    held,
    ...(range === undefined ? {} : { pin: range }),
  });
  const { timestampUnit, categorical } = context.options;
  const source = await timedSource(
    context.engine,
    await openSource(context.engine, model.featureTable, context.dataRoot),
    model.timestampColumn,
    timestampUnit,
  );
  const { kinds, types } = await columnKinds(
    context.engine,
    source,
    model.timestampColumn,
    model.features,
    categorical,
  );
  const featureRows = { source, timestampColumn: model.timestampColumn };
  const features = await compareWindows(context, featureRows, kinds, context.onFeatureDone, {
    ...baseline('feature'),
    emptyIsAbsent: false,
    types: await typesOf(context, model.model, 'feature', types),
  });
  const prediction = await comparePrediction(context, baseline('prediction'));
  const performance = await comparePerformance(context, { ...baseline('performance'), paired: true });
  // The model's family of tests: its features, its prediction and its realized performance, their gate
  // p-values corrected together (the model's status is the worst of them).
  const compared = [...features.outcomes, ...(prediction?.outcomes ?? [])];
  const { gateAlpha } = context.options.compare;
  const results = applyGate(
    [...compared.map((outcome) => outcome.result), ...(performance ? [performance.outcome.result] : [])],
    gateAlpha,
  );
  const gated = compared.map((outcome, i) => ({ ...outcome, result: results[i] as DriftResult }));
  const performanceOutcome =
    performance === null
      ? null
      : { ...performance.outcome, result: results[compared.length] as PerformanceResult };
  const featureOutcomes = gated.slice(0, features.outcomes.length);
  const [predictionOutcome] = gated.slice(features.outcomes.length);
  const largestFeaturePsi = Math.max(...featureOutcomes.map((f) => f.result.psi ?? Number.NEGATIVE_INFINITY));
  const reads = [features.read, prediction?.read, performance?.read].flatMap((read) => read ?? []);
  const profiles = reads.flatMap((read) => read.profiles);
  return {
    model: model.model,
    status: worstStatus([
      ...gated.map((f) => f.result.status),
      ...(performanceOutcome ? [performanceOutcome.result.status] : []),
      ...(performanceOutcome?.result.estimated ? [performanceOutcome.result.estimated.status] : []),
    ]),
    score: predictionOutcome
      ? predictionOutcome.result.psi
      : Number.isFinite(largestFeaturePsi)
        ? largestFeaturePsi
        : null,
    scoreSource: predictionOutcome ? 'prediction' : 'max_feature_psi',
    features: featureOutcomes,
    prediction: predictionOutcome ?? null,
    performance: performanceOutcome,
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
            warnings: reads.flatMap((read) => read.warnings),
          },
    baselineProfiles: profiles,
  };
}

type Request = Omit<BaselineRequest, 'paired'> & {
  emptyIsAbsent: boolean;
  /** Each column's type now and as recorded with the reference, for the type-change rule. */
  types: ReadonlyMap<string, ColumnTypes>;
};

/**
 * Each column's DuckDB type now beside the one recorded with its reference: its newest drift_results row's;
 * before any, the type now (the reference's rows are read from the same source today).
 */
async function typesOf(
  context: RunContext,
  model: string,
  target: 'feature' | 'prediction',
  current: ReadonlyMap<string, string>,
): Promise<Map<string, ColumnTypes>> {
  const recorded = await recordedTypes(context.engine, context.options.schema.driftResults, model, target);
  return new Map(
    [...current].map(([column, type]) => [
      column,
      { current: type, reference: recorded.get(column) ?? type },
    ]),
  );
}
type Compared = { outcomes: FeatureOutcome[]; read: WindowsRead | null };

async function comparePrediction(
  context: RunContext,
  request: Omit<Request, 'emptyIsAbsent' | 'types'>,
): Promise<Compared | null> {
  const { schema, timestampUnit } = context.options;
  let source: Source;
  try {
    const events = await openSource(context.engine, schema.modelEvents, context.dataRoot);
    source = await timedSource(context.engine, events, schema.eventTime, timestampUnit);
  } catch (error) {
    // No inference log at all is a platform without predictions, not a broken model.
    if (error instanceof MissingTableError) return null;
    throw error;
  }
  const { kinds, types } = await columnKinds(context.engine, source, schema.eventTime, [schema.prediction]);
  const events: RowSet = {
    source,
    timestampColumn: schema.eventTime,
    filter: { sql: `${quoteIdentifier(schema.eventModel)} = ?`, params: [request.model] },
  };
  return compareWindows(context, events, kinds, () => {}, {
    ...request,
    emptyIsAbsent: true,
    types: await typesOf(context, request.model, 'prediction', types),
  });
}

/**
 * Numeric columns are read this many bytes of doubles at a time: one batch is computed while the next is
 * read, and no more than two are held at once.
 */
const BATCH_BYTES = 16 * 2 ** 20;

/**
 * A row set's columns compared: from a stored reference while its profiles hold, else from the rows. A
 * stored phase that fails its checks (or that the current window needs and the reference lacks) makes the
 * whole comparison start again from the rows, the failure kept as a warning.
 */
async function compareWindows(
  context: RunContext,
  rows: RowSet,
  kinds: Map<string, ColumnKind>,
  onDone: () => void,
  request: Request,
): Promise<Compared> {
  try {
    return await compareOnce(context, rows, kinds, onDone, request, true);
  } catch (error) {
    if (!(error instanceof ProfileRejected)) throw error;
    const again = await compareOnce(context, rows, kinds, onDone, request, false);
    const warning = `${request.model}: ${error.message}: rebuilt from the rows`;
    return error.fault && again.read !== null
      ? { ...again, read: { ...again.read, warnings: [warning, ...again.read.warnings] } }
      : again;
  }
}

async function compareOnce(
  context: RunContext,
  rows: RowSet,
  kinds: Map<string, ColumnKind>,
  onDone: () => void,
  request: Request,
  useStored: boolean,
): Promise<Compared> {
  let readStart = performance.now();
  const baseline = { ...request, paired: false };
  const plan = await windowPlan(context, rows, kinds, request.emptyIsAbsent, baseline, useStored);
  if (plan === null) return { outcomes: [], read: null };
  const { sources } = plan;
  if (sources.fingerprint !== null && sources.reference.window.end === 0 && request.pin) {
    const nothing = {
      referenceRows: 0,
      currentRows: 0,
      pinned: true,
      profilesRead: 0,
      profiles: [],
      warnings: [],
    };
    // Predictions logged only since deployment have none in a training period: as a model without events.
    if (request.emptyIsAbsent) return { outcomes: [], read: nothing };
    const { from, to } = request.pin;
    throw new ModelError(
      `${JSON.stringify(rows.source.name)} has no rows in the pinned reference [${from.toISOString()}, ${to.toISOString()})`,
    );
  }
  const outcomes = new Map<string, Promise<FeatureOutcome & { profile: BaselineProfile | null }>>();
  let last: [FetchedWindow, FetchedWindow] | undefined;
  let computing: Promise<unknown> = Promise.resolve();
  try {
    for await (const [reference, current] of pairBatches(context, plan, kinds)) {
      last = [reference, current];
      const info = {
        reference: windowInfo(sources.reference, reference),
        current: windowInfo(sources.current, current),
      };
      const batch = [
        ...current.numeric.keys(),
        // The categorical counts come with every batch: compared with the first.
        ...(outcomes.size === 0 ? current.categorical.keys() : []),
      ];
      // The batch's columns share its windows' rows: their hours are numbered once, not per column.
      const slots = lazy(() => hourSlots(reference.hours));
      // The batch's stored phases in a query or a few, not one each (see StoredBaseline.prefetch).
      await plan.stored?.prefetch(storedNeeds(plan.stored, batch, current), current.hours);
      const tasks: [string, FeatureTask][] = [];
      for (const feature of batch) {
        tasks.push([
          feature,
          {
            ...(await task(
              feature,
              kinds.get(feature) as ColumnKind,
              reference,
              current,
              plan,
              context.options,
              slots,
            )),
            types: request.types.get(feature) as ColumnTypes,
          },
        ]);
      }
      // Reading a stored reference's phases (unpacked and checked) as the tasks are made is reading too.
      context.timings.readMs += performance.now() - readStart;
      const started = tasks.map(([feature, featureTask]) => {
        const outcome = context.pool.run(featureTask, context.signal).then(({ result, profile }) => {
          onDone();
          return { feature, result, ...info, profile: plan.profileOf(feature, reference, profile) };
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
    [...kinds.keys()].map(
      (feature) => outcomes.get(feature) as Promise<FeatureOutcome & { profile: BaselineProfile | null }>,
    ),
  );
  context.timings.computeMs += performance.now() - computeStart;
  const [reference, current] = last as [FetchedWindow, FetchedWindow];
  const profiles = done.flatMap(({ profile }) => (profile === null ? [] : [profile]));
  return {
    outcomes: done.map(({ profile: _, ...outcome }) => outcome),
    read: plan.read(reference, current, profiles),
  };
}

/**
 * The windows' batches: both read from the rows, or the current window's beside a reference read from its
 * stored profiles (its phases read per column as its task is made).
 */
async function* pairBatches(
  context: RunContext,
  plan: WindowPlan,
  kinds: ReadonlyMap<string, ColumnKind>,
): AsyncGenerator<[FetchedWindow, FetchedWindow]> {
  const { stored } = plan;
  for await (const batch of windowBatches(context.engine, plan.toRead, kinds, BATCH_BYTES)) {
    yield stored === null
      ? (batch as [FetchedWindow, FetchedWindow])
      : [stored.window, batch[0] as FetchedWindow];
  }
}

/** The phases of a column's cycle that these hours fall in, ascending. */
const phasesOf = (hours: Float64Array, cycle: StoredColumn['choice']['cycle']) =>
  [...new Set(Array.from(hours, (hour) => phaseOf(hour, cycle)))].sort((a, b) => a - b);

/** The stored phases the tasks of these columns will ask for: those of the current window's hours. */
function storedNeeds(
  stored: StoredBaseline,
  columns: readonly string[],
  current: FetchedWindow,
): Map<string, number[]> {
  const needs = new Map<string, number[]>();
  for (const column of columns) {
    const owner = stored.columns.get(column);
    if (owner === undefined) continue;
    const hours =
      owner.kind === 'numeric' ? current.hours : (current.categoricalHours.get(column)?.hours ?? null);
    if (hours !== null) needs.set(column, phasesOf(hours, owner.choice.cycle));
  }
  return needs;
}

/** A column's task: its windows, and its signal (the rows' hours, or the stored reference's phases). */
async function task(
  feature: string,
  kind: ColumnKind,
  reference: FetchedWindow,
  current: FetchedWindow,
  plan: WindowPlan,
  options: RunOptions,
  referenceSlots: () => HourSlots,
): Promise<FeatureTask> {
  const settings = plan.settings(reference, current);
  const stored = plan.stored?.columns.get(feature);
  const storedOf = async <P>(read: (column: string, phases: number[]) => Promise<P>, hours: Float64Array) => {
    const { choice, spread } = stored as StoredColumn;
    return {
      kind: 'stored' as const,
      phases: await read(feature, phasesOf(hours, choice.cycle)),
      choice,
      spread,
    };
  };
  if (kind === 'numeric') {
    const { stored: baseline } = plan;
    return {
      kind,
      reference: reference.numeric.get(feature) ?? new Float64Array(0),
      current: current.numeric.get(feature) as Float64Array,
      options: options.compare,
      signal: {
        settings,
        currentHours: current.hours,
        reference:
          baseline === null
            ? { kind: 'rows', hours: reference.hours, slots: referenceSlots() }
            : await storedOf((column, phases) => baseline.values(column, phases), current.hours),
      },
    };
  }
  const none = { counts: new Map<string, number>(), missing: 0 };
  const noHours = { hours: new Float64Array(0), labels: [], counts: new Float64Array(0) };
  const currentHourly = current.categoricalHours.get(feature) ?? noHours;
  const { stored: baseline } = plan;
  return {
    kind,
    reference: reference.categorical.get(feature) ?? none,
    current: current.categorical.get(feature) ?? none,
    options: options.compare,
    signal: {
      settings,
      current: currentHourly,
      reference:
        baseline === null
          ? { kind: 'rows', hourly: reference.categoricalHours.get(feature) ?? noHours }
          : await storedOf((column, phases) => baseline.counts(column, phases), currentHourly.hours),
    },
  };
}

/** `make()`'s value, made at the first call. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
