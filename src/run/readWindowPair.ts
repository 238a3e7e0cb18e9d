import type { ColumnKind } from '../store/columnKinds.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { type FetchedWindow, fetchWindows, type RowSet, type WindowSource } from '../store/fetchWindows.js';
import type { RunContext } from './analyseModel.js';
import { windowSources } from './windowSources.js';

export interface WindowPair {
  reference: FetchedWindow;
  current: FetchedWindow;
  referenceInfo: WindowInfo;
  currentInfo: WindowInfo;
}

/** The reference and current windows of a row set, pulled out of DuckDB; null for no rows when `emptyIsAbsent`. */
export async function readWindowPair(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
): Promise<WindowPair | null> {
  const readStart = performance.now();
  const sources = await windowSources(context.engine, rows, context.options);
  if (sources.total === 0 && emptyIsAbsent) return null;
  const [reference, current] = (await fetchWindows(
    context.engine,
    [sources.reference, sources.current],
    kinds,
  )) as [FetchedWindow, FetchedWindow];
  context.timings.readMs += performance.now() - readStart;
  return {
    reference,
    current,
    referenceInfo: windowInfo(sources.reference, reference),
    currentInfo: windowInfo(sources.current, current),
  };
}

function windowInfo(source: WindowSource, fetched: FetchedWindow): WindowInfo {
  return { ...source.window, rows: fetched.rows, firstTime: fetched.firstTime, lastTime: fetched.lastTime };
}
