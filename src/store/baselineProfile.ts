import type { LabelCounts } from '../compare/labelCounts.js';
import type { Cycle } from '../signal/cycle.js';

/** Whose reference a profile is: a feature, the prediction, or the labelled events of the performance. */
export type BaselineTarget = 'feature' | 'prediction' | 'performance';

/**
 * One column of a pinned reference as stored in drift_baselines: a summary row and one row per phase of the
 * column's cycle, so that a later run reads the phases its current window has instead of the rows, while
 * its definition and its rows' fingerprint hold.
 */
export interface BaselineProfile {
  model: string;
  target: BaselineTarget;
  column: string;
  /** JSON of what selects the rows, reads the column and shapes its signal (see baselineDefinitions). */
  definition: string;
  /** Of the rows in the range (see rowsFingerprint). */
  rowFingerprint: string;
  /** The window after the cap: its rows and the first and last kept timestamps (epoch ms). */
  rows: number;
  firstTime: number | null;
  lastTime: number | null;
  cycle: Cycle;
  /** Why the cycle (null for the performance's paired columns, which are not seasonal). */
  reason: string | null;
  /** The gate's dispersion and the windows that measured it; null when not measured. */
  dispersion: number | null;
  windows: number | null;
  /**
   * Per phase: numeric, its values sorted ascending with NaN (missing) last, or in row order for `paired`
   * columns (a prediction and its label belong together); categorical, its counts per label.
   */
  phases:
    | { kind: 'numeric'; values: ReadonlyMap<number, Float64Array> }
    | { kind: 'categorical'; counts: ReadonlyMap<number, LabelCounts> };
}
