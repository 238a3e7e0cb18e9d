import type { Engine } from '../engine/engine.js';
import type { RowSet, WindowSource } from '../store/fetchWindows.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { rankWindow } from '../store/rankWindow.js';
import type { RunOptions } from './options.js';

/**
 * The reference and current windows of a row set, and how many rows it has. Fraction mode ranks all rows; time mode takes the last
 * closed bucket before now as the current window, and a time range or the fraction slice as the reference.
 */
export async function windowSources(
  engine: Engine,
  rows: RowSet,
  options: Pick<RunOptions, 'windows' | 'maxRowsPerWindow' | 'now'>,
): Promise<{ reference: WindowSource; current: WindowSource; total: number }> {
  const mode = options.windows;
  const cap = options.maxRowsPerWindow;
  const total = await countRows(engine, rows);
  const slice = (set: RowSet, count: number, from: number, to: number): WindowSource => ({
    rows: set,
    window: rankWindow(count, from, to, cap),
  });
  if (mode.kind === 'fraction') {
    return {
      reference: slice(rows, total, mode.historicalFrom, mode.historicalTo),
      current: slice(rows, total, mode.currentFrom, mode.currentTo),
      total,
    };
  }
  const end = Math.floor(options.now().getTime() / mode.bucketMs) * mode.bucketMs;
  const currentRows = within(rows, end - mode.bucketMs, end);
  const current = slice(currentRows, await countRows(engine, currentRows), 0, 1);
  if (mode.historical === undefined) {
    return { reference: slice(rows, total, mode.historicalFrom, mode.historicalTo), current, total };
  }
  const referenceRows = within(rows, mode.historical.from.getTime(), mode.historical.to.getTime());
  return {
    reference: slice(referenceRows, await countRows(engine, referenceRows), 0, 1),
    current,
    total,
  };
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
