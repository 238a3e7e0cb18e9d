// The run's shared shapes: a model's analysis and the helpers it calls both look down to these.
import type { Engine } from '../engine/engine.js';
import type { DriftPool } from '../pool/driftPool.js';
import type { Seasonality } from '../signal/cycle.js';
import type { BaselineProfile, BaselineTarget } from '../store/baselineProfile.js';
import type { DataRoot } from '../store/dataRoot.js';
import type { HeldProfiles } from '../store/readBaseline.js';
import type { RunOptions, TimeRange } from './options.js';
import type { RunTimings } from './outcome.js';

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

/** Whose windows these are, for a reference pinned to a time range and its stored profiles. */
export interface BaselineRequest {
  model: string;
  target: BaselineTarget;
  /** The model's own pin; without it, time mode's `historical` range pins the reference when set. */
  pin?: TimeRange;
  /** Numeric columns belong together row by row (a prediction and its label): stored unsorted. */
  paired: boolean;
  /** The model's seasonality (its model_metadata column, else the run's option). */
  seasonality: Seasonality;
  /** The model's stored profiles read ahead, shared by its targets (see StoredBaseline.prefetch). */
  held?: HeldProfiles;
}

/** What reading a row set's windows came to, for the model's outcome. */
export interface WindowsRead {
  referenceRows: number;
  currentRows: number;
  /** Whether the reference is pinned to a time range. */
  pinned: boolean;
  /** Columns of a pinned reference read from their stored profiles instead of the rows. */
  profilesRead: number;
  /** Profiles of a pinned reference read from its rows, for the run to store with the model's results. */
  profiles: BaselineProfile[];
  /** Stored profiles that failed their checks and were rebuilt from the rows, one line each. */
  warnings: string[];
}
