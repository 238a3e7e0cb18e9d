import { type CompareOptions, defaultCompareOptions, resolveCompareOptions } from '../compare/options.js';
import type { Engine, EngineKind, EngineSettings } from '../engine/engine.js';
import { checkWindowFractions } from '../store/rankWindow.js';
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
  driftResults: string;
  /** The value of `status` that marks a model to analyse. */
  productionStatus: string;
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
      /** Historical window: this time range, or the fraction slice when absent. */
      historical?: { from: Date; to: Date };
      historicalFrom: number;
      historicalTo: number;
    };

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
  /** redis://HOST:PORT[/db] of the Redis the queue lives in; it must run with maxmemory-policy noeviction. */
  url: string;
  /** The queue the workers listen on. */
  name: string;
  /** Tries per model (a worker killed mid-job costs one) before the model is status 'error'. */
  attempts: number;
  /** With no job taken for this long, the run says through `log` that it waits for a worker. */
  noWorkerWarningMs: number;
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
  /** How long opening the database waits while another process holds it (queue runs and workers). */
  lockWaitMs: number;
  /** The engine that opens a path: native DuckDB ('node') or duckdb-wasm ('wasm'). */
  engine: EngineKind;
  schema: Schema;
  windows: WindowMode;
  /** A window with more rows keeps every k-th row, k = ceil(rows / cap), counted from its first row. */
  maxRowsPerWindow: number;
  compare: CompareOptions;
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
  /**
   * Once the production models are known, before the first is analysed (for example to publish what
   * earlier runs left unpublished). Awaited; the engine is the run's own, open until the run ends.
   */
  onRunStart?: (event: RunStartEvent) => Promise<void> | void;
  /** After a model's results are committed to DuckDB, in order; awaited before the next model starts. */
  onModelWritten?: (event: ModelWrittenEvent) => Promise<void> | void;
  /** The clock, for time windows and timestamps. */
  now: () => Date;
}

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
  driftResults: 'drift_results',
  productionStatus: 'production',
});

export const defaultWindows: Readonly<WindowMode> = Object.freeze({
  kind: 'fraction',
  historicalFrom: 0.5,
  historicalTo: 0.7,
  currentFrom: 0.95,
  currentTo: 1,
});

export const defaultQueueOptions: Readonly<Omit<QueueOptions, 'url'>> = Object.freeze({
  name: 'drift',
  attempts: 3,
  noWorkerWarningMs: 5000,
  log: (message: string) => console.warn(message),
});

export type RunOptionsInput = Partial<Omit<RunOptions, 'schema' | 'compare' | 'queue'>> &
  Pick<RunOptions, 'database'> & {
    schema?: Partial<Schema>;
    compare?: Partial<CompareOptions>;
    queue?: (Partial<QueueOptions> & Pick<QueueOptions, 'url'>) | null;
  };

/** Everything but the database, as a run gets it unless told otherwise. */
export const defaultRunOptions = Object.freeze({
  schema: defaultSchema,
  windows: defaultWindows,
  maxRowsPerWindow: 250_000,
  compare: defaultCompareOptions,
  engine: 'node',
  queue: null,
  lockWaitMs: 60_000,
  duckdbThreads: 1,
  duckdbMemoryLimit: '64MB',
  niceness: 19,
  now: () => new Date(),
});

/** How a run opens its database when given a path. */
export function engineSettings(
  options: Pick<RunOptions, 'engine' | 'duckdbThreads' | 'duckdbMemoryLimit'>,
): EngineSettings {
  return { engine: options.engine, threads: options.duckdbThreads, memoryLimit: options.duckdbMemoryLimit };
}

export function resolveRunOptions(input: RunOptionsInput, cores: number): RunOptions {
  const options: RunOptions = {
    ...defaultRunOptions,
    // All cores but one: the host keeps one for itself.
    threads: Math.max(1, cores - 1),
    ...input,
    schema: { ...defaultSchema, ...input.schema },
    compare: resolveCompareOptions(input.compare),
    queue: input.queue ? { ...defaultQueueOptions, ...input.queue } : null,
  };
  if (options.queue) checkQueueOptions(options.queue, options.database);
  for (const [name, value] of [
    ['maxRowsPerWindow', options.maxRowsPerWindow],
    ['threads', options.threads],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (options.engine !== 'node' && options.engine !== 'wasm') {
    throw new RangeError(`engine must be 'node' or 'wasm', got ${JSON.stringify(options.engine)}`);
  }
  const { windows } = options;
  checkWindowFractions(windows.historicalFrom, windows.historicalTo);
  if (windows.kind === 'fraction') checkWindowFractions(windows.currentFrom, windows.currentTo);
  else if (!(windows.bucketMs > 0))
    throw new RangeError(`bucketMs must be positive, got ${windows.bucketMs}`);
  return options;
}

function checkQueueOptions(queue: QueueOptions, database: RunOptions['database']): void {
  if (!/^rediss?:\/\/./.test(queue.url)) {
    throw new RangeError(`queue url must be redis://HOST:PORT, got ${JSON.stringify(queue.url)}`);
  }
  // BullMQ keeps a queue under keys "bull:<name>:...".
  if (queue.name === '' || queue.name.includes(':')) {
    throw new RangeError(`queue name must be non-empty and without ':', got ${JSON.stringify(queue.name)}`);
  }
  if (!Number.isInteger(queue.attempts) || queue.attempts < 1) {
    throw new RangeError(`queue attempts must be a positive integer, got ${queue.attempts}`);
  }
  if (typeof database !== 'string') {
    throw new RangeError('a queue run needs database to be a file path: the workers open it themselves');
  }
}
