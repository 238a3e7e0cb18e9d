import type { Engine } from '../engine/engine.js';
import type { DataRoot } from '../store/dataRoot.js';
import type { ModelRow } from '../store/productionModels.js';
import type { RunOptions } from './options.js';
import type { ModelOutcome, RunTimings } from './outcome.js';

/** What a run gives the place its models are analysed in. */
export interface AnalyserContext {
  runId: string;
  options: RunOptions;
  /** The run's own engine, open until the run ends. */
  engine: Engine;
  signal: AbortSignal;
  /** Where Parquet sources may be read from, on this machine; none in a browser. */
  dataRoot?: DataRoot;
  /** Called as features finish, with how many did. */
  onFeaturesDone: (count: number) => void;
  /** Read and compute time, summed over models, wherever they were spent. */
  timings: RunTimings;
}

/**
 * Where a run's models are analysed: in this process (`localAnalyser`) or by workers behind a queue
 * (`queueAnalyser`). Either way the run writes each outcome as it comes.
 */
export interface ModelAnalyser {
  /**
   * Every model's outcome as soon as it is ready, in any order, a model that failed as status 'error'; it
   * ends early once the run's signal aborts.
   */
  outcomes(models: readonly ModelRow[]): AsyncIterable<ModelOutcome>;
  /** Releases what the analyser holds (threads, connections). */
  close(): Promise<void>;
}

export type CreateAnalyser = (context: AnalyserContext) => Promise<ModelAnalyser>;
