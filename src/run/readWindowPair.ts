import type { WindowInfo } from '../store/driftResultColumns.js';
import { fetchWindows } from '../store/fetchWindows.js';
import type { ColumnKind, FetchedWindow, RowSet } from '../store/types.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';
import { windowInfo, windowPlan } from './windowPlan.js';

export interface WindowPair {
  reference: FetchedWindow;
  current: FetchedWindow;
  referenceInfo: WindowInfo;
  currentInfo: WindowInfo;
  read: WindowsRead;
}

/**
 * The reference and current windows of a row set, whole, pulled out of DuckDB (a pinned reference from its
 * stored profiles when they hold); null for no rows when `emptyIsAbsent`.
 */
export async function readWindowPair(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
): Promise<WindowPair | null> {
  const readStart = performance.now();
  const plan = await windowPlan(context, rows, kinds, emptyIsAbsent, baseline);
  if (plan === null) return null;
  const { stored } = plan;
  const read = await fetchWindows(context.engine, plan.toRead, kinds);
  const numeric = [...kinds].filter(([, kind]) => kind === 'numeric').map(([column]) => column);
  const [reference, current] = (
    stored === null ? read : [{ ...stored.window, numeric: await stored.samples(numeric) }, ...read]
  ) as [FetchedWindow, FetchedWindow];
  const profileStart = performance.now();
  context.timings.readMs += profileStart - readStart;
  // Copying and sorting the samples to store is compute, not reading.
  const profiles = plan.profilesOf(reference);
  context.timings.computeMs += performance.now() - profileStart;
  return {
    reference,
    current,
    referenceInfo: windowInfo(plan.sources.reference, reference),
    currentInfo: windowInfo(plan.sources.current, current),
    read: plan.read(reference, current, profiles),
  };
}
