// The store's shared shapes: the files that read windows and those that plan them both look down to these.
import type { LabelCounts } from '../compare/labelCounts.js';
import type { SqlParam } from '../engine/engine.js';
import type { HourlyLabels } from '../signal/commonBins.js';
import type { Source } from './openSource.js';
import type { RankWindow } from './rankWindow.js';

export type ColumnKind = 'numeric' | 'categorical';

/**
 * A source's rows ordered by a timestamp, then a tie-break of its kind (see keepRows), optionally only those
 * matching a predicate.
 */
export interface RowSet {
  source: Source;
  timestampColumn: string;
  /** An extra predicate over the source, its values bound as `?` parameters, in their order. */
  filter?: { sql: string; params: readonly SqlParam[] };
}

/** One window: ranks of a row set. Windows of the same row set (the same object) are ranked together. */
export interface WindowSource {
  rows: RowSet;
  window: RankWindow;
}

export interface FetchedWindow {
  /** Rows kept after sampling. */
  rows: number;
  /** Epoch milliseconds of the first and last kept rows' timestamps. */
  firstTime: number | null;
  lastTime: number | null;
  /** Numeric columns as doubles, missing values as NaN. */
  numeric: Map<string, Float64Array>;
  /** Categorical columns as counts per label: the rows never leave DuckDB. */
  categorical: Map<string, LabelCounts>;
  /** Each row's hour index (floor(epoch ms / 1 h), NaN without a time), in the order of this batch's numeric columns. */
  hours: Float64Array;
  /** Categorical columns as counts per (hour index, label). */
  categoricalHours: Map<string, HourlyLabels>;
}
