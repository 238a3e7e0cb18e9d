import { featureStatus } from '../compare/featureStatus.js';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { NumericTask } from '../compare/numericDrift.js';
import type { CompareOptions } from '../compare/options.js';
import type { BatteryResult, DriftResult } from '../compare/result.js';
import type { Kernel } from '../kernel/kernel.js';
import { extent } from '../util/extent.js';
import { type CycleChoice, chooseCycle } from './chooseCycle.js';
import { type Chunking, chunkOf } from './chunkOf.js';
import { type HourlyLabels, labelHourBins, numericHourBins } from './commonBins.js';
import { type Cycle, phaseOf, type Seasonality } from './cycle.js';
import { type Dispersion, dispersion } from './dispersion.js';
import { gatePValue } from './gatePValue.js';
import type { HourBins } from './hourBins.js';
import { type HourSlots, hourSlots } from './hourSlots.js';
import {
  countedPerPhase,
  type PhaseCounts,
  type PhaseValues,
  phaseCounts,
  phaseValues,
  rowsPerPhase,
} from './phaseSamples.js';
import { phaseWords, referencePhase } from './referencePhase.js';
import { resampleCounts, resampleValues } from './resample.js';
import { stratifiedSizes } from './stratifiedSizes.js';

/** How a run's windows are shaped, for the column's cycle, its seasonal reference and the gate. */
export interface SignalSettings {
  seasonality: Seasonality;
  /** The gate's chunks of the reference, shaped like the current window. */
  chunks: Chunking;
  /** The reference's cap (maxRowsPerWindow). */
  cap: number;
  /** The reference's first and last kept times (epoch ms), for the words. */
  referenceSpan: { first: number; last: number } | null;
  /** Whether the reference's phases come back, for the run to store. */
  keepPhases: boolean;
}

/** A stored reference's column: its phases (those the current window has), its cycle and its gate figures. */
export interface StoredSignal<P> {
  phases: P;
  choice: CycleChoice;
  spread: Dispersion;
}

/** Numeric: the rows' hour indices, or a stored reference's phases (its `reference` array then unused). */
export interface NumericSignal {
  settings: SignalSettings;
  currentHours: Float64Array;
  reference:
    | {
        kind: 'rows';
        hours: Float64Array;
        /**
         * The hours' slots (hourSlots), when the caller numbered them once for many columns: a batch's columns
         * share their windows' rows and hours.
         */
        slots?: HourSlots;
      }
    | ({ kind: 'stored' } & StoredSignal<PhaseValues>);
}

export interface CategoricalSignal {
  settings: SignalSettings;
  current: HourlyLabels;
  reference: { kind: 'rows'; hourly: HourlyLabels } | ({ kind: 'stored' } & StoredSignal<PhaseCounts>);
}

/** A column's reference by phase of its cycle, with why and its gate figures: what drift_baselines stores. */
export type ReferenceProfile = StoredSignal<PhaseValues | PhaseCounts>;

/** What the battery is run on, and how to finish its result. */
interface Prepared<R> {
  reference: R;
  finish(
    battery: BatteryResult,
    options: CompareOptions,
  ): { result: DriftResult; profile: ReferenceProfile | null };
}

/** Shared by both kinds: the choice, the fallback when a current phase has no reference row, the gate. */
function prepare<P, R>(
  settings: SignalSettings,
  options: CompareOptions,
  rows: {
    table: HourBins;
    bins: number;
    untimed: boolean;
    /** Rows per phase, without splitting the rows. */
    sizes: (cycle: Cycle) => Map<number, number>;
    split: (cycle: Cycle) => P;
  } | null,
  stored: StoredSignal<P> | null,
  sizesOf: (phases: P) => Map<number, number>,
  currentRows: (cycle: Cycle) => Map<number, number>,
  resample: (phases: () => P, sizes: Map<number, number>, cycle: Cycle) => R,
): Prepared<R> {
  let choice: CycleChoice;
  if (stored !== null) choice = stored.choice;
  else if (rows?.untimed) choice = { cycle: 'none', reason: 'no cycle: some rows have no timestamp' };
  else choice = chooseCycle(rows?.table ?? new Map(), rows?.bins ?? 0, settings.seasonality, options);
  let phases = phasesOf(rows, stored, sizesOf, choice.cycle);
  let current = currentRows(choice.cycle);
  let sized = stratifiedSizes(phases.sizes, current, settings.cap);
  if ('missing' in sized) {
    if (rows === null) throw new RangeError('a stored reference lacks a phase of the current window');
    choice = {
      cycle: 'none',
      reason: `${choice.reason}; but the reference has no rows at ${phaseWords(sized.missing, choice.cycle)}: compared with the whole reference`,
    };
    phases = phasesOf(rows, stored, sizesOf, 'none');
    current = currentRows('none');
    sized = stratifiedSizes(phases.sizes, current, settings.cap);
  }
  const { sizes } = sized as { sizes: Map<number, number> };
  const { cycle } = choice;
  const reference = resample(phases.split, sizes, cycle);
  return {
    reference,
    finish(battery, compareOptions) {
      const spread: Dispersion | null = !compareOptions.gate
        ? null
        : (stored?.spread ??
          dispersion(
            rows?.table ?? new Map(),
            rows?.bins ?? 0,
            (hour) => phaseOf(hour, cycle),
            chunkOf(settings.chunks, extent(rows?.table.keys() ?? [])[0]),
            compareOptions.minCount,
            compareOptions.gateMinWindows,
          ));
      let kept = 0;
      for (const n of sizes.values()) kept += n;
      const result: DriftResult = {
        ...battery,
        ...featureStatus(battery.status, battery.quality),
        seasonality: {
          cycle,
          reason: choice.reason,
          referencePhase: referencePhase(cycle, [...current.keys()], kept, settings.referenceSpan),
        },
        gate:
          spread === null
            ? null
            : {
                ...spread,
                pvalue: gatePValue(battery, spread.dispersion),
                pvalueAdjusted: null,
                statusBeforeGate: battery.status,
              },
      };
      const profile =
        settings.keepPhases && stored === null
          ? {
              phases: phases.split() as PhaseValues | PhaseCounts,
              choice,
              spread: spread ?? { dispersion: 1, windows: 0 },
            }
          : null;
      return { result, profile };
    },
  };
}

/**
 * The reference's rows per phase of a cycle, and its rows split by phase only when asked: a column without a
 * cycle is compared with its rows as they are, and its split (a sort of the whole reference) is needed only
 * to store it.
 */
function phasesOf<P>(
  rows: { sizes: (cycle: Cycle) => Map<number, number>; split: (cycle: Cycle) => P } | null,
  stored: StoredSignal<P> | null,
  sizesOf: (phases: P) => Map<number, number>,
  cycle: Cycle,
): { sizes: Map<number, number>; split: () => P } {
  if (stored !== null) return { sizes: sizesOf(stored.phases), split: () => stored.phases };
  const { sizes, split } = rows as NonNullable<typeof rows>;
  let phases: P | undefined;
  return {
    sizes: sizes(cycle),
    split: () => {
      phases ??= split(cycle);
      return phases;
    },
  };
}

// includes() finds NaN (SameValueZero), natively.
const hasNaN = (hours: Float64Array) => hours.includes(Number.NaN);

/**
 * A numeric column's seasonal reference (`values` itself for no cycle) and how to finish its result. When the
 * reference is the rows as they are, `battery`: the battery's buffers for it against `currentRows` rows, with
 * its finite values already sorted at the front of `battery.reference` (the common bins sorted them), this
 * many: `sortedReference`. Uses the kernel: otherwise call before allocating the battery's task.
 */
export function prepareNumeric(
  kernel: Kernel,
  values: Float64Array,
  signal: NumericSignal,
  options: CompareOptions,
  currentRows = 0,
): Prepared<Float64Array> & { sortedReference: number | null; battery: NumericTask | null } {
  const { reference, currentHours, settings } = signal;
  const slots = reference.kind === 'rows' ? (reference.slots ?? hourSlots(reference.hours)) : null;
  const rows =
    reference.kind === 'rows' && slots !== null
      ? {
          ...numericHourBins(kernel, values, slots, options.bins, currentRows),
          untimed: slots.untimed || hasNaN(currentHours),
          sizes: (cycle: Cycle) => rowsPerPhase(reference.hours, cycle),
          split: (cycle: Cycle) => phaseValues(kernel, values, reference.hours, cycle),
        }
      : null;
  const prepared = prepare(
    settings,
    options,
    rows,
    reference.kind === 'stored' ? reference : null,
    (phases: PhaseValues) => new Map([...phases].map(([p, sample]) => [p, sample.length])),
    (cycle) => rowsPerPhase(currentHours, cycle),
    // With no cycle the rows are the reference as they are: the battery's numbers stay the seed's.
    (phases, sizes, cycle) => (cycle === 'none' && rows !== null ? values : resampleValues(phases(), sizes)),
  );
  // Any other reference came from the phases, whose split allocated in the kernel after the bins.
  const asRows = prepared.reference === values && rows !== null;
  return {
    ...prepared,
    sortedReference: asRows ? rows.sorted.length : null,
    battery: asRows ? rows.battery : null,
  };
}

/** A categorical column's seasonal reference (its counts as they are for no cycle). */
export function prepareCategorical(
  totals: LabelCounts,
  signal: CategoricalSignal,
  options: CompareOptions,
): Prepared<LabelCounts> {
  const { reference, current, settings } = signal;
  const rows =
    reference.kind === 'rows'
      ? {
          ...labelHourBins(reference.hourly),
          untimed: hasNaN(reference.hourly.hours) || hasNaN(current.hours),
          sizes: (cycle: Cycle) => countedPerPhase(reference.hourly, cycle),
          split: (cycle: Cycle) => phaseCounts(reference.hourly, cycle),
        }
      : null;
  return prepare(
    settings,
    options,
    rows,
    reference.kind === 'stored' ? reference : null,
    (phases: PhaseCounts) =>
      new Map(
        [...phases].map(([p, { counts, missing }]) => {
          let sum = missing;
          for (const n of counts.values()) sum += n;
          return [p, sum];
        }),
      ),
    (cycle) => countedPerPhase(current, cycle),
    (phases, sizes, cycle) => (cycle === 'none' && rows !== null ? totals : resampleCounts(phases(), sizes)),
  );
}
