import { baselineDefinitions } from '../store/baselineDefinitions.js';
import { type BaselineProfile, type BaselineTarget, baselineProfiles } from '../store/baselineProfile.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { readBaseline, type StoredBaseline } from '../store/readBaseline.js';
import type { ColumnKind, FetchedWindow, RowSet, WindowSource } from '../store/types.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';
import { type WindowSources, windowSources } from './windowSources.js';

export interface WindowPlan {
  sources: WindowSources;
  /** The windows to read from the rows: both, or the current one when the reference is `stored`. */
  toRead: WindowSource[];
  /** A pinned reference whose stored profiles hold (same definition, same rows), read from them. */
  stored: StoredBaseline | null;
  /** The profiles to store of (part of) a pinned reference read from the rows; none when there is nothing to store. */
  profilesOf(reference: FetchedWindow): BaselineProfile[];
  /** What was read, once `profiles` are all the profiles built. */
  read(reference: FetchedWindow, current: FetchedWindow, profiles: BaselineProfile[]): WindowsRead;
}

/**
 * The windows of a row set and where each comes from; null for no rows when `emptyIsAbsent`. A pinned
 * reference is looked up in drift_baselines by its definition and its rows' fingerprint.
 */
export async function windowPlan(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
): Promise<WindowPlan | null> {
  const { engine, options } = context;
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
  return {
    sources,
    toRead: stored === null ? [sources.reference, sources.current] : [sources.current],
    stored,
    profilesOf: (reference) =>
      definitions !== null && stored === null && context.storeBaselines
        ? baselineProfiles(reference, key, definitions, baseline.paired)
        : [],
    read: (reference, current, profiles) => ({
      referenceRows: reference.rows,
      currentRows: current.rows,
      pinned: fingerprint !== null,
      profilesRead: stored === null ? 0 : kinds.size,
      profiles,
    }),
  };
}

/** A window's bounds and what was read of it. */
export function windowInfo(source: WindowSource, fetched: FetchedWindow): WindowInfo {
  return { ...source.window, rows: fetched.rows, firstTime: fetched.firstTime, lastTime: fetched.lastTime };
}
