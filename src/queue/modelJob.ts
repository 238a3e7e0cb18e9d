import type { RunOptions } from '../run/options.js';
import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';
import type { ReadIdentity } from './readIdentity.js';

/** What of the run's options a worker gets: how to read and compare, never where from. */
export type JobSettings = Pick<
  RunOptions,
  | 'schema'
  | 'windows'
  | 'maxRowsPerWindow'
  | 'compare'
  | 'seasonality'
  | 'performance'
  | 'timestampUnit'
  | 'categorical'
  | 'duckdbThreads'
  | 'duckdbMemoryLimit'
>;

export const jobSettingNames = [
  'schema',
  'windows',
  'maxRowsPerWindow',
  'compare',
  'seasonality',
  'performance',
  'timestampUnit',
  'categorical',
  'duckdbThreads',
  'duckdbMemoryLimit',
] as const satisfies readonly (keyof JobSettings)[];

/**
 * What a worker gets for one model: which of its databases to read, how, and the run's clock. A worker
 * reads only the databases and the data root of its own configuration; the job only picks among them.
 */
export interface ModelJob {
  runId: string;
  /** The DuckDB file as an absolute path, which must be one the worker was given (`--db`). */
  database: string;
  model: ModelRow;
  settings: JobSettings;
  /** The run's start: time windows end at it, for every model alike. */
  now: Date;
  /** What the model reads, as the coordinator saw it: a worker that sees other rows refuses to compute. */
  identity: ReadIdentity;
}

/** What a worker gives back: the outcome (statistics, bins and histograms, never rows) and its own times. */
export interface ModelJobResult {
  outcome: ModelOutcome;
  computeMs: number;
  /** The whole job inside the worker: open, read, compute. */
  workMs: number;
}

/** The name of the queue that holds a run's parent jobs: a queue no worker listens on. */
export const runsQueueName = (queueName: string) => `${queueName}.runs`;
