import type { Chunking } from '../signal/chunkOf.js';
import type { Dispersion } from '../signal/dispersion.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { fetchWindows } from '../store/fetchWindows.js';
import { ProfileRejected } from '../store/readBaseline.js';
import type { ColumnKind, FetchedWindow, RowSet } from '../store/types.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';
import { windowInfo, windowPlan } from './windowPlan.js';

export interface WindowPair {
  reference: FetchedWindow;
  current: FetchedWindow;
  referenceInfo: WindowInfo;
  currentInfo: WindowInfo;
  read: WindowsRead;
  /** The gate's chunks of the reference, shaped like the current window. */
  chunks: Chunking;
  /** A stored reference's gate figures (its first column's), as stored; null when read from the rows. */
  storedSpread: Dispersion | null;
}

/**
 * The reference and current windows of a row set, whole, pulled out of DuckDB (a pinned reference from its
 * stored profiles when they hold: one phase per column, in row order); null for no rows when `emptyIsAbsent`.
 * A stored profile that fails its checks is read from the rows instead, with a warning.
 */
export async function readWindowPair(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
): Promise<WindowPair | null> {
  try {
    return await readOnce(context, rows, kinds, emptyIsAbsent, baseline, true);
  } catch (error) {
    if (!(error instanceof ProfileRejected)) throw error;
    const pair = await readOnce(context, rows, kinds, emptyIsAbsent, baseline, false);
    const warning = `${baseline.model}: ${error.message}: rebuilt from the rows`;
    return pair === null
      ? null
      : { ...pair, read: { ...pair.read, warnings: [warning, ...pair.read.warnings] } };
  }
}

async function readOnce(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
  useStored: boolean,
): Promise<WindowPair | null> {
  const readStart = performance.now();
  const plan = await windowPlan(context, rows, kinds, emptyIsAbsent, baseline, useStored);
  if (plan === null) return null;
  const { stored } = plan;
  const read = await fetchWindows(context.engine, plan.toRead, kinds);
  const numeric = [...kinds].filter(([, kind]) => kind === 'numeric').map(([column]) => column);
  let reference: FetchedWindow;
  if (stored === null) reference = read[0] as FetchedWindow;
  else {
    const samples = new Map<string, Float64Array>();
    await stored.prefetch(new Map(numeric.map((column) => [column, [0]])));
    for (const column of numeric)
      samples.set(column, (await stored.values(column, [0])).get(0) as Float64Array);
    reference = { ...stored.window, numeric: samples };
  }
  const current = read[read.length - 1] as FetchedWindow;
  const profileStart = performance.now();
  context.timings.readMs += profileStart - readStart;
  // Copying the samples to store is compute, not reading.
  const profiles = plan.pairedProfiles(reference);
  context.timings.computeMs += performance.now() - profileStart;
  return {
    reference,
    current,
    referenceInfo: windowInfo(plan.sources.reference, reference),
    currentInfo: windowInfo(plan.sources.current, current),
    read: plan.read(reference, current, profiles),
    chunks: plan.settings(reference, current).chunks,
    storedSpread: stored === null ? null : ([...stored.columns.values()][0]?.spread ?? null),
  };
}
