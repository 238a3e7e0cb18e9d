import type { LabelCounts } from '../compare/labelCounts.js';
import type { FetchedWindow } from './types.js';

/** Whose reference a profile is: a feature, the prediction, or the labelled events of the performance. */
export type BaselineTarget = 'feature' | 'prediction' | 'performance';

/**
 * One column of a pinned reference as stored in drift_baselines: what the battery reads of it, so that a
 * later run reads this instead of the rows while its definition and its rows' fingerprint hold.
 */
export interface BaselineProfile {
  model: string;
  target: BaselineTarget;
  column: string;
  /** JSON of what selects the rows and reads the column (see baselineDefinition). */
  definition: string;
  /** Of the rows in the range (see rowsFingerprint). */
  rowFingerprint: string;
  /** Numeric: every kept row's value (NULL as NaN); categorical: counts per label. */
  values: { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; counts: LabelCounts };
  /** The window after the cap: its rows and the first and last kept timestamps (epoch ms). */
  rows: number;
  firstTime: number | null;
  lastTime: number | null;
}

/**
 * The profiles of a window just read: a numeric column's values copied and sorted (NaN last), or copied in
 * the order read when the columns are `paired` (a prediction and its label belong together); categorical
 * counts as they are. Copies: the window's own arrays go to the pool, which takes them.
 */
export function baselineProfiles(
  window: FetchedWindow,
  key: { model: string; target: BaselineTarget; rowFingerprint: string },
  definitions: ReadonlyMap<string, string>,
  paired: boolean,
): BaselineProfile[] {
  const shared = { ...key, rows: window.rows, firstTime: window.firstTime, lastTime: window.lastTime };
  const definition = (column: string) => definitions.get(column) as string;
  return [
    ...[...window.numeric].map(([column, values]) => ({
      ...shared,
      column,
      definition: definition(column),
      values: { kind: 'numeric' as const, values: paired ? values.slice() : values.slice().sort() },
    })),
    ...[...window.categorical].map(([column, counts]) => ({
      ...shared,
      column,
      definition: definition(column),
      values: { kind: 'categorical' as const, counts },
    })),
  ];
}
