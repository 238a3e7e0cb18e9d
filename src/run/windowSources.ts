import type { Engine } from '../engine/engine.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { rankWindow } from '../store/rankWindow.js';
import { rowsFingerprint } from '../store/rowsFingerprint.js';
import type { RowSet, WindowSource } from '../store/types.js';
import type { RunOptions, TimeRange } from './options.js';

export interface WindowSources {
  reference: WindowSource;
  current: WindowSource;
  /** Rows of the whole row set. */
  total: number;
  /** For a reference pinned to a time range, its rows' fingerprint (see rowsFingerprint); else null. */
  fingerprint: string | null;
}

/**
 * The reference and current windows of a row set, and how many rows it has. Fraction mode ranks all rows;
 * time mode takes the last closed bucket before now as the current window. The reference is the model's
 * pinned range (`pin`), else time mode's `historical` range, each every row in it, capped; else the
 * fraction slice.
 */
export async function windowSources(
  engine: Engine,
  rows: RowSet,
  options: Pick<RunOptions, 'windows' | 'maxRowsPerWindow' | 'now'>,
  pin?: TimeRange,
): Promise<WindowSources> {
  const mode = options.windows;
  const cap = options.maxRowsPerWindow;
  const total = await countRows(engine, rows);
  const slice = (set: RowSet, count: number, from: number, to: number): WindowSource => ({
    rows: set,
    window: rankWindow(count, from, to, cap),
  });
  const current =
    mode.kind === 'fraction'
      ? slice(rows, total, mode.currentFrom, mode.currentTo)
      : await bucket(engine, rows, options.now(), mode.bucketMs, cap);
  const range = pin ?? (mode.kind === 'time' ? mode.historical : undefined);
  if (range === undefined) {
    return {
      reference: slice(rows, total, mode.historicalFrom, mode.historicalTo),
      current,
      total,
      fingerprint: null,
    };
  }
  const referenceRows = within(rows, range.from.getTime(), range.to.getTime());
  // The count comes with the fingerprint: one scan of the range's timestamps.
  const { count, fingerprint } = await rowsFingerprint(engine, referenceRows);
  return { reference: slice(referenceRows, count, 0, 1), current, total, fingerprint };
}

/** The last closed bucket of `bucketMs` before `now`, every row of it, capped. */
async function bucket(
  engine: Engine,
  rows: RowSet,
  now: Date,
  bucketMs: number,
  cap: number,
): Promise<WindowSource> {
  const end = Math.floor(now.getTime() / bucketMs) * bucketMs;
  const currentRows = within(rows, end - bucketMs, end);
  return { rows: currentRows, window: rankWindow(await countRows(engine, currentRows), 0, 1, cap) };
}

function within(rows: RowSet, fromMs: number, toMs: number): RowSet {
  const column = quoteIdentifier(rows.timestampColumn);
  const range = `${column} >= ?::TIMESTAMP AND ${column} < ?::TIMESTAMP`;
  return {
    ...rows,
    filter: {
      sql: rows.filter ? `(${rows.filter.sql}) AND ${range}` : range,
      params: [...(rows.filter?.params ?? []), new Date(fromMs), new Date(toMs)],
    },
  };
}

async function countRows(engine: Engine, rows: RowSet): Promise<number> {
  const [count] = await engine.rows(
    `SELECT count(*)::DOUBLE FROM ${rows.source.sql} ${rows.filter ? `WHERE ${rows.filter.sql}` : ''}`,
    rows.filter?.params ?? [],
  );
  return Number(count?.[0] ?? 0);
}
