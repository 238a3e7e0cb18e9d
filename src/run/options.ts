import type { ConnectionOptions } from 'node:tls';
import { type CompareOptions, compareOptionRules, defaultCompareOptions } from '../compare/options.js';
import { type Engine, type EngineKind, type EngineSettings, timestampMs } from '../engine/engine.js';
import {
  defaultPerformanceOptions,
  type PerformanceOptions,
  performanceOptionRules,
} from '../performance/options.js';
import { queueName, queueSecret, redisUrl, tlsOptions } from '../queue/queueRules.js';
import { type Seasonality, seasonalities } from '../signal/cycle.js';
import type { TimestampUnit } from '../store/timedSource.js';
import { allCoresButOne } from '../util/allCoresButOne.js';
import {
  atMost,
  boolean,
  both,
  checkOptions,
  date,
  func,
  integer,
  list,
  nullable,
  number,
  oneOf,
  optional,
  positive,
  type Relation,
  type Rule,
  record,
  shape,
  text,
  valid,
  variant,
} from '../util/optionRules.js';
import type { ModelOutcome } from './outcome.js';

/** Table and column names of the platform's store; every one can be renamed. */
export interface Schema {
  modelMetadata: string;
  modelName: string;
  status: string;
  features: string;
  featureTable: string;
  timestampColumn: string;
  modelDriftScore: string;
  featureDriftScores: string;
  driftStatus: string;
  lastDriftRunAt: string;
  modelEvents: string;
  eventModel: string;
  eventTime: string;
  prediction: string;
  /** The events' true outcome, NULL until it is known. */
  label: string;
  /** model_metadata's optional task column: 'binary_classification' or 'regression'. */
  task: string;
  /** model_metadata's optional seasonality column: 'auto', 'none', 'day' or 'week' (else the run's option). */
  seasonality: string;
  /** model_metadata's optional TIMESTAMP columns pinning the model's reference to the rows in [from, to). */
  baselineFrom: string;
  baselineTo: string;
  driftResults: string;
  /** What is still to publish: one row per (run, model), written with the model's results. */
  driftOutbox: string;
  /** Each pinned reference's stored profile per column, read instead of its rows while it holds. */
  driftBaselines: string;
  /** The value of `status` that marks a model to analyse. */
  productionStatus: string;
}

/** The rows whose timestamp lies in [from, to). */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** How the two windows are chosen. */
export type WindowMode =
  | {
      kind: 'fraction';
      /** Historical window: ranks [floor(historicalFrom·N), floor(historicalTo·N)) by timestamp, then rowid. */
      historicalFrom: number;
      historicalTo: number;
      /** Current window: ranks [floor(currentFrom·N), floor(currentTo·N)). */
      currentFrom: number;
      currentTo: number;
    }
  | {
      kind: 'time';
      /** Current window: the last closed bucket of this many milliseconds before `now`. */
      bucketMs: number;
      /** Historical window: this time range (a model's own pin wins), or the fraction slice when absent. */
      historical?: TimeRange;
      historicalFrom: number;
      historicalTo: number;
    };

/** How much of the drift_results history each run keeps; null turns a rule off. */
export interface Retention {
  /** A model's runs older than this many days (of `now`) are deleted. */
  days: number | null;
  /** Only each model's newest this many runs are kept. */
  runsPerModel: number | null;
}

export interface RunProgress {
  modelsDone: number;
  modelsTotal: number;
  featuresDone: number;
  featuresTotal: number;
  /** The model just finished, when one has. */
  model?: string;
}

export interface RunStartEvent {
  runId: string;
  models: readonly string[];
  engine: Engine;
}

export interface ModelWrittenEvent {
  runId: string;
  outcome: ModelOutcome;
  computedAt: Date;
  engine: Engine;
}

/** A run whose models are analysed by `service-c worker` processes, through a BullMQ queue. */
export interface QueueOptions {
  /**
   * redis://HOST:PORT[/db] (rediss:// for TLS) of the Redis the queue lives in; it must run with
   * maxmemory-policy noeviction.
   */
  url: string;
  /** TLS options for a rediss:// URL (a private CA, a client certificate), as ioredis passes them on. */
  tls?: ConnectionOptions;
  /** The queue the workers listen on. */
  name: string;
  /**
   * The shared secret jobs and results are signed with (HMAC-SHA256): workers refuse a job, and the run a
   * result, that is not signed with it. The CLI reads it from SERVICE_C_QUEUE_SECRET.
   */
  secret: string;
  /** Tries per model (a worker killed mid-job costs one) before the model is status 'error'. */
  attempts: number;
  /** With no job taken for this long, the run says through `log` that it waits for a worker. */
  noWorkerWarningMs: number;
  /**
   * How long the run waits for a Redis that went away; then its unfinished models are recorded as errors
   * and the run ends. An outage is said through `log`, at most once a minute.
   */
  outageMs: number;
  log: (message: string) => void;
}

export interface RunOptions {
  /** A DuckDB file path, or an engine the caller owns (and closes); a path only when `queue` is set. */
  database: string | Engine;
  /**
   * Analyse the models on a queue's workers instead of in this process; the run then opens the database only
   * to list models and to write results, so that workers on this machine can read it in between.
   */
  queue: QueueOptions | null;
  /**
   * How long opening the database waits while another process holds it (a serve reading it, another run);
   * then the run fails with a DatabaseLockedError.
   */
  lockWaitMs: number;
  /**
   * The folder `parquet:` sources are read from; no path may leave it. Default: the database file's folder.
   * With an Engine as `database` there is none: Parquet sources are then an error until it is given.
   */
  dataRoot?: string;
  /** The engine that opens a path: native DuckDB ('node') or duckdb-wasm ('wasm'). */
  engine: EngineKind;
  schema: Schema;
  windows: WindowMode;
  /** A window with more rows keeps every k-th row, k = ceil(rows / cap), counted from its first row. */
  maxRowsPerWindow: number;
  compare: CompareOptions;
  /**
   * How each column's cycle is chosen (docs/signal.md): `auto` finds it in the reference; a model's
   * model_metadata seasonality column overrides it.
   */
  seasonality: Seasonality;
  /** Realized performance from the labelled events. */
  performance: PerformanceOptions;
  /** Worker threads; default all cores but one. */
  threads: number;
  /** DuckDB's own threads: kept low, this is background work. The native engine's only (duckdb-wasm has one). */
  duckdbThreads: number;
  /**
   * DuckDB's buffer pool for this run's instance, for example '256MB'. The native engine's only: duckdb-wasm
   * cannot spill to disk, so it keeps its own default.
   */
  duckdbMemoryLimit: string;
  /** OS nice value of the worker threads (19 is the lowest priority on Linux). */
  niceness: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** When the open of the database first finds it held by another process and starts waiting for it. */
  onLockWait?: () => void;
  /**
   * Once the production models are known, before the first is analysed (for example to publish what
   * earlier runs left unpublished). Awaited; the engine is the run's own, open until the run ends.
   */
  onRunStart?: (event: RunStartEvent) => Promise<void> | void;
  /** After a model's results are committed to DuckDB, in order; awaited before the next model starts. */
  onModelWritten?: (event: ModelWrittenEvent) => Promise<void> | void;
  /**
   * Applied after the models are written. Whatever the rules, a model's newest run and every result not
   * yet published stay.
   */
  retention: Retention;
  /**
   * Whether each result waits in the outbox (drift_outbox) until a publisher sends it. Turn it off for a
   * store nothing will ever publish from: the retention keeps every result that waits there.
   */
  outbox: boolean;
  /** The clock, for time windows and timestamps. */
  now: () => Date;
  /**
   * Per model (by name), what differs from the options above: its windows, cycle, thresholds. Resolved, each
   * group is whole (merged over the run's); a model's analysis reads `modelOptions(options, model)`.
   */
  models: Readonly<Record<string, ModelOverrides>>;
  /**
   * How integer timestamps (of a feature source or the events) count: epoch seconds ('s') or milliseconds
   * ('ms'); null refuses them in words. TIMESTAMP columns are read as they are whatever it says.
   */
  timestampUnit: TimestampUnit | null;
  /** Feature columns compared as categories whatever their type: integer-coded categoricals. */
  categorical: readonly string[];
}

/** What may differ per model: merged over the run's options, never a second way through a run. */
export type ModelOverrides = Partial<
  Pick<
    RunOptions,
    | 'windows'
    | 'seasonality'
    | 'compare'
    | 'performance'
    | 'maxRowsPerWindow'
    | 'timestampUnit'
    | 'categorical'
  >
>;

/** A model's overrides as given: each group partial, merged over the run's. */
export interface ModelOverridesInput {
  windows?: WindowsInput;
  seasonality?: Seasonality;
  compare?: Partial<CompareOptions>;
  performance?: Partial<PerformanceOptions>;
  maxRowsPerWindow?: number;
  timestampUnit?: TimestampUnit | null;
  categorical?: readonly string[];
}

/** Windows as given: a kind's fields not given are its defaults (or the run's, for a model of the same kind). */
export type WindowsInput = Partial<WindowMode>;

export const defaultSchema: Readonly<Schema> = Object.freeze({
  modelMetadata: 'model_metadata',
  modelName: 'model_name',
  status: 'status',
  features: 'features',
  featureTable: 'feature_table',
  timestampColumn: 'timestamp_column',
  modelDriftScore: 'model_drift_score',
  featureDriftScores: 'feature_drift_scores',
  driftStatus: 'drift_status',
  lastDriftRunAt: 'last_drift_run_at',
  modelEvents: 'model_events',
  eventModel: 'model_name',
  eventTime: 'event_time',
  prediction: 'prediction',
  label: 'label',
  task: 'task',
  seasonality: 'seasonality',
  baselineFrom: 'baseline_from',
  baselineTo: 'baseline_to',
  driftResults: 'drift_results',
  driftOutbox: 'drift_outbox',
  driftBaselines: 'drift_baselines',
  productionStatus: 'production',
});

export const defaultWindows: Readonly<WindowMode> = Object.freeze({
  kind: 'fraction',
  historicalFrom: 0.5,
  historicalTo: 0.7,
  currentFrom: 0.95,
  currentTo: 1,
});

/** Each kind's defaults: a time window needs only its bucketMs. */
export const windowDefaults = Object.freeze({
  fraction: defaultWindows,
  time: Object.freeze({ kind: 'time', historicalFrom: 0.5, historicalTo: 0.7 }),
}) as Readonly<Record<WindowMode['kind'], Partial<WindowMode>>>;

export const defaultQueueOptions: Readonly<Omit<QueueOptions, 'url' | 'secret'>> = Object.freeze({
  name: 'drift',
  attempts: 3,
  noWorkerWarningMs: 5000,
  outageMs: 300_000,
  log: (message: string) => console.warn(message),
});

export const defaultRetention: Readonly<Retention> = Object.freeze({ days: 90, runsPerModel: null });

export type RunOptionsInput = Partial<
  Omit<RunOptions, 'schema' | 'windows' | 'compare' | 'performance' | 'queue' | 'retention' | 'models'>
> &
  Pick<RunOptions, 'database'> & {
    schema?: Partial<Schema>;
    windows?: WindowsInput;
    models?: Readonly<Record<string, ModelOverridesInput>>;
    compare?: Partial<CompareOptions>;
    performance?: Partial<PerformanceOptions>;
    queue?: (Partial<QueueOptions> & Pick<QueueOptions, 'url' | 'secret'>) | null;
    retention?: Partial<Retention>;
  };

/** Everything but the database, as a run gets it unless told otherwise. */
export const defaultRunOptions = Object.freeze({
  schema: defaultSchema,
  windows: defaultWindows,
  maxRowsPerWindow: 250_000,
  compare: defaultCompareOptions,
  seasonality: 'auto',
  performance: defaultPerformanceOptions,
  engine: 'node',
  queue: null,
  lockWaitMs: 60_000,
  duckdbThreads: 1,
  duckdbMemoryLimit: '64MB',
  niceness: 19,
  retention: defaultRetention,
  outbox: true,
  now: () => new Date(),
  models: Object.freeze({}),
  timestampUnit: null,
  categorical: Object.freeze([]),
});

const fraction = number(0, 1);
const ordered =
  <T>(from: keyof T & string, to: keyof T & string): Relation<T> =>
  (window) =>
    window[from] <= window[to]
      ? undefined
      : `${from} must be at most ${to}, got ${window[from]} > ${window[to]}`;
const engineMethods = ['run', 'rows', 'doubleColumns', 'interrupt', 'close'] as const;
const isEngine = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  engineMethods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

// Bounds that keep every time a run derives from `now` (the current bucket, the retention's cut-off) a
// date both engines can bind: a larger value means "keep everything", which null says.
const HUNDRED_YEARS_MS = 3_155_760_000_000;
const HUNDRED_YEARS_DAYS = 36_525;
const returnsDate = valid((clock) => {
  try {
    const now = (clock as () => unknown)();
    return now instanceof Date && timestampMs(now) === now.getTime();
  } catch {
    return false;
  }
}, 'a function returning a valid Date (years 1 to 9999)');

/** Every table and column name of the schema: a non-empty string. */
export const schemaRule = shape<Schema>(
  Object.fromEntries(Object.keys(defaultSchema).map((name) => [name, text])) as Record<keyof Schema, Rule>,
);

type FractionWindows = Extract<WindowMode, { kind: 'fraction' }>;
type TimeWindows = Extract<WindowMode, { kind: 'time' }>;

export const queueOptionFields = {
  url: redisUrl,
  tls: optional(tlsOptions),
  name: queueName,
  secret: queueSecret,
  attempts: integer(1, 100),
  noWorkerWarningMs: positive,
  outageMs: positive,
  log: func,
} as const satisfies Record<keyof QueueOptions, Rule>;
const queueOptionRules = shape<QueueOptions>(queueOptionFields);

const timestampUnit = nullable(oneOf('s', 'ms'));

const windowRules = variant('kind', {
  fraction: shape<FractionWindows>(
    {
      kind: oneOf('fraction'),
      historicalFrom: fraction,
      historicalTo: fraction,
      currentFrom: fraction,
      currentTo: fraction,
    },
    ordered('historicalFrom', 'historicalTo'),
    ordered('currentFrom', 'currentTo'),
  ),
  time: shape<TimeWindows>(
    {
      kind: oneOf('time'),
      bucketMs: both(positive, atMost(HUNDRED_YEARS_MS, 'ms (100 years)')),
      historical: optional(shape<TimeRange>({ from: date, to: date }, ordered('from', 'to'))),
      historicalFrom: fraction,
      historicalTo: fraction,
    },
    ordered('historicalFrom', 'historicalTo'),
  ),
});

const modelOverrideFields = {
  windows: optional(windowRules),
  seasonality: optional(oneOf(...seasonalities)),
  compare: optional(compareOptionRules),
  performance: optional(performanceOptionRules),
  maxRowsPerWindow: optional(integer(1)),
  timestampUnit: optional(timestampUnit),
  categorical: optional(list(text)),
} as const satisfies Record<keyof ModelOverrides, Rule>;

/**
 * What each option may hold, checked once on the merged options; a new option is one line here (the type
 * makes it required), next to its default above. A configuration file's keys and its JSON Schema are these.
 */
export const runOptionFields = {
  database: valid((v) => (typeof v === 'string' && v !== '') || isEngine(v), 'a file path or an Engine', {
    type: 'string',
    minLength: 1,
  }),
  engine: oneOf('node', 'wasm'),
  dataRoot: optional(text),
  schema: schemaRule,
  windows: windowRules,
  maxRowsPerWindow: integer(1),
  compare: compareOptionRules,
  seasonality: oneOf(...seasonalities),
  performance: performanceOptionRules,
  queue: nullable(queueOptionRules),
  lockWaitMs: number(0),
  // Each thread is a worker with its own kernel: a bound keeps a typo from spawning thousands.
  threads: integer(1, 256),
  duckdbThreads: integer(1, 256),
  duckdbMemoryLimit: text,
  // The OS range: a value outside it makes the pool's workers throw (ERR_OUT_OF_RANGE) and the host exit.
  niceness: integer(-20, 19),
  signal: optional(valid((v) => v instanceof AbortSignal, 'an AbortSignal')),
  onProgress: optional(func),
  onLockWait: optional(func),
  onRunStart: optional(func),
  onModelWritten: optional(func),
  retention: shape<Retention>({
    days: nullable(both(positive, atMost(HUNDRED_YEARS_DAYS, 'days (100 years; null keeps every run)'))),
    runsPerModel: nullable(integer(1)),
  }),
  outbox: boolean,
  now: both(func, returnsDate),
  models: record(shape<ModelOverrides>(modelOverrideFields)),
  timestampUnit,
  categorical: list(text),
} as const satisfies Record<keyof RunOptions, Rule>;

const runOptionRules = shape<RunOptions>(runOptionFields, (options) =>
  options.queue !== null && typeof options.database !== 'string'
    ? 'a queue run needs database to be a file path: the workers open it themselves'
    : undefined,
);

/** How a run opens its database when given a path. */
export function engineSettings(
  options: Pick<RunOptions, 'engine' | 'duckdbThreads' | 'duckdbMemoryLimit'>,
): EngineSettings {
  return { engine: options.engine, threads: options.duckdbThreads, memoryLimit: options.duckdbMemoryLimit };
}

// A group given as something other than an object stays as given, for the check to name it.
const over = <T>(defaults: T, given: unknown): T =>
  typeof given === 'object' && given !== null ? { ...defaults, ...given } : ((given ?? defaults) as T);

/**
 * Windows given over `base`: a model's windows of the run's kind (or none said) over the run's, else over
 * the kind's defaults. Anything else stays as given, for the check to name it.
 */
function windowsOver(given: WindowsInput | undefined, base: WindowMode): WindowMode {
  if (typeof given !== 'object' || given === null) return (given ?? base) as WindowMode;
  const kind = given.kind ?? base.kind;
  const start = kind === base.kind ? base : windowDefaults[kind];
  return { ...start, ...given } as WindowMode;
}

/** A model's overrides, each group whole: merged over the run's options. */
function modelOver(run: RunOptions, given: ModelOverridesInput): ModelOverrides {
  if (typeof given !== 'object' || given === null) return given;
  return {
    ...(given as ModelOverrides),
    ...(given.windows === undefined ? {} : { windows: windowsOver(given.windows, run.windows) }),
    ...(given.compare === undefined ? {} : { compare: over(run.compare, given.compare) }),
    ...(given.performance === undefined ? {} : { performance: over(run.performance, given.performance) }),
  };
}

/**
 * The options merged once over the defaults and checked at once: every problem is named in one
 * OptionsError, after `label` (a configuration file names itself).
 */
export function resolveRunOptions(input: RunOptionsInput, cores: number, label?: string): RunOptions {
  const run: RunOptions = {
    ...defaultRunOptions,
    threads: allCoresButOne(cores),
    ...input,
    schema: over(defaultSchema, input.schema),
    windows: windowsOver(input.windows, defaultWindows),
    compare: over(defaultCompareOptions, input.compare),
    performance: over(defaultPerformanceOptions, input.performance),
    // A missing url stays missing, for the check to name it.
    queue: input.queue
      ? over<QueueOptions>({ url: '', secret: '', ...defaultQueueOptions }, input.queue)
      : null,
    retention: over(defaultRetention, input.retention),
    models: {},
  };
  const models = input.models ?? {};
  const options: RunOptions = {
    ...run,
    models:
      typeof models === 'object' && models !== null
        ? Object.fromEntries(Object.entries(models).map(([name, given]) => [name, modelOver(run, given)]))
        : models,
  };
  checkOptions(options, runOptionRules, '', label);
  return options;
}
