import type { RunOptions } from '../run/options.js';
import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';

/** What a worker gets for one model: where to read it, how, and the run's clock. */
export interface ModelJob {
  runId: string;
  /** The DuckDB file, an absolute path that workers on every machine see (shared storage). */
  database: string;
  /** The folder Parquet sources are read from, as every machine sees it (shared storage). */
  dataRoot?: string;
  model: ModelRow;
  settings: Pick<
    RunOptions,
    'schema' | 'windows' | 'maxRowsPerWindow' | 'compare' | 'duckdbThreads' | 'duckdbMemoryLimit'
  >;
  /** The run's start: time windows end at it, for every model alike. */
  now: Date;
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
