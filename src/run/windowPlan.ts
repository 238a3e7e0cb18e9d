import { defaultQualityOptions } from '../compare/options.js';
import { HOUR_MS } from '../signal/cycle.js';
import type { PhaseCounts, PhaseValues } from '../signal/phaseSamples.js';
import type { ReferenceProfile, SignalSettings } from '../signal/seasonalTask.js';
import { baselineDefinitions } from '../store/baselineDefinitions.js';
import type { BaselineProfile } from '../store/baselineProfile.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import { ProfileRejected, readBaseline, type StoredBaseline } from '../store/readBaseline.js';
import type { ColumnKind, FetchedWindow, RowSet, WindowSource } from '../store/types.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';
import { type WindowSources, windowSources } from './windowSources.js';

export interface WindowPlan {
  sources: WindowSources;
  /** The windows to read from the rows: both, or the current one when the reference is `stored`. */
  toRead: WindowSource[];
  /** A pinned reference whose stored profiles hold (same definition, same rows), read from them. */
  stored: StoredBaseline | null;
  /** Stored profiles that failed their checks, one line each: the reference is read from the rows. */
  warnings: string[];
  /** The signal's settings of a column's task. */
  settings(reference: FetchedWindow, current: FetchedWindow): SignalSettings;
  /** The profile to store of a column whose task kept its reference's phases; null when nothing is stored. */
  profileOf(column: string, reference: FetchedWindow, kept: ReferenceProfile | null): BaselineProfile | null;
  /** The profiles to store of paired columns read from the rows (one phase each, in row order). */
  pairedProfiles(reference: FetchedWindow): BaselineProfile[];
  /** What was read, once `profiles` are all the profiles built. */
  read(reference: FetchedWindow, current: FetchedWindow, profiles: BaselineProfile[]): WindowsRead;
}

/**
 * The windows of a row set and where each comes from; null for no rows when `emptyIsAbsent`. A pinned
 * reference is looked up in drift_baselines by its definition and its rows' fingerprint, unless `useStored`
 * is false (its phases failed their checks: the rows decide).
 */
export async function windowPlan(
  context: RunContext,
  rows: RowSet,
  kinds: ReadonlyMap<string, ColumnKind>,
  emptyIsAbsent: boolean,
  baseline: BaselineRequest,
  useStored = true,
): Promise<WindowPlan | null> {
  const { engine, options } = context;
  const sources = await windowSources(engine, rows, options, baseline.pin);
  if (sources.total === 0 && emptyIsAbsent) return null;
  const { fingerprint } = sources;
  const { windows, compare } = options;
  // The quality's thresholds change no profile: left out, so that changing one rebuilds none.
  const phaseOptions = Object.fromEntries(
    Object.entries(compare).filter(([name]) => !Object.hasOwn(defaultQualityOptions, name)),
  );
  const signal = {
    seasonality: baseline.seasonality,
    windows:
      windows.kind === 'time'
        ? { kind: 'time', bucketMs: windows.bucketMs }
        : { kind: 'fraction', currentFrom: windows.currentFrom, currentTo: windows.currentTo },
    paired: baseline.paired,
    ...phaseOptions,
    // The paired columns' summaries hold the performance gate's spread, measured on chunks of this many events.
    ...(baseline.paired ? { performanceMinEvents: options.performance.minEvents } : {}),
  };
  const definitions =
    fingerprint === null
      ? null
      : await baselineDefinitions(
          engine,
          sources.reference.rows,
          options.maxRowsPerWindow,
          [...kinds.keys()],
          signal,
        );
  const key = { model: baseline.model, target: baseline.target, rowFingerprint: fingerprint ?? '' };
  const warnings: string[] = [];
  let stored: StoredBaseline | null = null;
  if (definitions !== null && useStored) {
    const table = options.schema.driftBaselines;
    stored = await readBaseline(engine, table, key, definitions, baseline.paired, baseline.held).catch(
      (error: unknown) => {
        if (!(error instanceof ProfileRejected)) throw error;
        warnings.push(`${baseline.model}: ${error.message}: rebuilt from the rows`);
        return null;
      },
    );
  }
  const storing = definitions !== null && stored === null && context.storeBaselines;
  const profile = (
    column: string,
    reference: FetchedWindow,
    kept: Omit<
      BaselineProfile,
      'model' | 'target' | 'rowFingerprint' | 'column' | 'definition' | 'rows' | 'firstTime' | 'lastTime'
    >,
  ): BaselineProfile => ({
    ...key,
    column,
    definition: definitions?.get(column) as string,
    rows: reference.rows,
    firstTime: reference.firstTime,
    lastTime: reference.lastTime,
    ...kept,
  });
  return {
    sources,
    toRead: stored === null ? [sources.reference, sources.current] : [sources.current],
    stored,
    warnings,
    settings: (reference, current) => ({
      seasonality: baseline.seasonality,
      chunks:
        windows.kind === 'time'
          ? { kind: 'bucket', ms: windows.bucketMs }
          : { kind: 'span', hours: spanHours(current) },
      cap: options.maxRowsPerWindow,
      referenceSpan:
        reference.firstTime === null || reference.lastTime === null
          ? null
          : { first: reference.firstTime, last: reference.lastTime },
      keepPhases: storing,
    }),
    profileOf: (column, reference, kept) =>
      !storing || kept === null
        ? null
        : profile(column, reference, {
            cycle: kept.choice.cycle,
            reason: kept.choice.reason,
            dispersion: kept.spread.dispersion,
            windows: kept.spread.windows,
            phases:
              kinds.get(column) === 'numeric'
                ? { kind: 'numeric', values: kept.phases as PhaseValues }
                : { kind: 'categorical', counts: kept.phases as PhaseCounts },
          }),
    pairedProfiles: (reference) =>
      !storing
        ? []
        : [...reference.numeric].map(([column, values]) =>
            profile(column, reference, {
              cycle: 'none',
              reason: null,
              dispersion: null,
              windows: null,
              // Copied: the window's own arrays go to the pool, which takes them.
              phases: { kind: 'numeric', values: new Map([[0, values.slice()]]) },
            }),
          ),
    read: (reference, current, profiles) => ({
      referenceRows: reference.rows,
      currentRows: current.rows,
      pinned: fingerprint !== null,
      profilesRead: stored === null ? 0 : kinds.size,
      profiles,
      warnings,
    }),
  };
}

/** The hours a window spans, its first hour to its last: the gate's chunks in fraction mode. */
function spanHours(window: FetchedWindow): number {
  const { firstTime, lastTime } = window;
  if (firstTime === null || lastTime === null) return 1;
  return Math.floor(lastTime / HOUR_MS) - Math.floor(firstTime / HOUR_MS) + 1;
}

/** A window's bounds and what was read of it. */
export function windowInfo(source: WindowSource, fetched: FetchedWindow): WindowInfo {
  return { ...source.window, rows: fetched.rows, firstTime: fetched.firstTime, lastTime: fetched.lastTime };
}
