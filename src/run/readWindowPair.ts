import { baselineDefinitions } from '../store/baselineDefinitions.js';
import { type BaselineProfile, type BaselineTarget, baselineProfiles } from '../store/baselineProfile.js';
import type { ColumnKind } from '../store/columnKinds.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { type FetchedWindow, fetchWindows, type RowSet, type WindowSource } from '../store/fetchWindows.js';
import { readBaseline } from '../store/readBaseline.js';
import type { RunContext } from './analyseModel.js';
import type { TimeRange } from './options.js';
import { windowSources } from './windowSources.js';

/** Whose windows these are, for a reference pinned to a time range and its stored profiles. */
export interface BaselineRequest {
  model: string;
  target: BaselineTarget;
  /** The model's own pin; without it, time mode's `historical` range pins the reference when set. */
  pin?: TimeRange;
  /** Numeric columns belong together row by row (a prediction and its label): stored unsorted. */
  paired: boolean;
}

export interface WindowPair {
  reference: FetchedWindow;
  current: FetchedWindow;
  referenceInfo: WindowInfo;
  currentInfo: WindowInfo;
  /** Whether the reference is pinned to a time range. */
  pinned: boolean;
  /** Columns of a pinned reference read from their stored profiles instead of the rows. */
  profilesRead: number;
  /** Profiles of a pinned reference read from its rows, for the run to store with the model's results. */
  profiles: BaselineProfile[];
}

/**
 * The reference and current windows of a row set, pulled out of DuckDB; null for no rows when `emptyIsAbsent`.
 * A pinned reference whose stored profiles hold (same definition, same rows) is read from them, and only
 * the current window from the rows.
 */
export async function readWindowPair(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
): Promise<WindowPair | null> {
  const { engine, options } = context;
  const readStart = performance.now();
  const sources = await windowSources(engine, rows, options, baseline.pin);
  if (sources.total === 0 && emptyIsAbsent) return null;
  const { fingerprint } = sources;
  const definitions =
    fingerprint === null
      ? null
      : await baselineDefinitions(engine, sources.reference.rows, options.maxRowsPerWindow, [
          ...kinds.keys(),
        ]);
  const key = { model: baseline.model, target: baseline.target, rowFingerprint: fingerprint ?? '' };
  const stored =
    definitions === null ? null : await readBaseline(engine, options.schema.driftBaselines, key, definitions);
  const [reference, current] = (
    stored === null
      ? await fetchWindows(engine, [sources.reference, sources.current], kinds)
      : [stored, ...(await fetchWindows(engine, [sources.current], kinds))]
  ) as [FetchedWindow, FetchedWindow];
  const profileStart = performance.now();
  context.timings.readMs += profileStart - readStart;
  const profiles =
    definitions !== null && stored === null && context.storeBaselines
      ? baselineProfiles(reference, key, definitions, baseline.paired)
      : [];
  // Copying and sorting the samples to store is compute, not reading.
  context.timings.computeMs += performance.now() - profileStart;
  return {
    reference,
    current,
    referenceInfo: windowInfo(sources.reference, reference),
    currentInfo: windowInfo(sources.current, current),
    pinned: fingerprint !== null,
    profilesRead: stored === null ? 0 : kinds.size,
    profiles,
  };
}

function windowInfo(source: WindowSource, fetched: FetchedWindow): WindowInfo {
  return { ...source.window, rows: fetched.rows, firstTime: fetched.firstTime, lastTime: fetched.lastTime };
}
