import type { LabelCounts } from '../compare/labelCounts.js';
import type { Kernel } from '../kernel/kernel.js';
import type { HourlyLabels } from './commonBins.js';
import { type Cycle, phaseCount, phaseOf } from './cycle.js';

/** A numeric reference by phase: each phase's values sorted ascending, NaN (missing) last. */
export type PhaseValues = Map<number, Float64Array>;

/** A categorical reference by phase: each phase's counts per label. */
export type PhaseCounts = Map<number, LabelCounts>;

/** Rows per phase of a window, from its hour indices. */
export function rowsPerPhase(hours: Float64Array, cycle: Cycle): Map<number, number> {
  // Without a cycle every row, with a time or not, is of phase 0.
  if (cycle === 'none') return new Map(hours.length === 0 ? [] : [[0, hours.length]]);
  const rows = new Map<number, number>();
  for (const hour of hours) {
    const phase = phaseOf(hour, cycle);
    rows.set(phase, (rows.get(phase) ?? 0) + 1);
  }
  return rows;
}

/** Rows per phase of counts per (hour, label). */
export function countedPerPhase(hourly: HourlyLabels, cycle: Cycle): Map<number, number> {
  const rows = new Map<number, number>();
  hourly.hours.forEach((hour, i) => {
    const phase = phaseOf(hour, cycle);
    rows.set(phase, (rows.get(phase) ?? 0) + (hourly.counts[i] as number));
  });
  return rows;
}

/**
 * The values split by phase (in phase order), each phase sorted ascending with NaN last. The phases are laid
 * side by side in the kernel's memory, each one's NaN at the end of its stretch, and each stretch's numbers
 * sorted there by the kernel (a radix sort; -0 before +0 as a typed array's sort). With a cycle every row
 * needs a time (a window with a row without one has no cycle).
 */
export function phaseValues(
  kernel: Kernel,
  values: Float64Array,
  hours: Float64Array,
  cycle: Cycle,
): PhaseValues {
  const sizes = rowsPerPhase(hours, cycle);
  const phases = [...sizes.keys()].sort((a, b) => a - b);
  const count = phaseCount[cycle];
  if (phases.some((phase) => !(phase >= 0 && phase < count))) {
    throw new RangeError(`rows without a time have no phase of the ${cycle}`);
  }
  // Per phase: its stretch's start, where its next number goes (from the front) and its next NaN (from the back).
  const starts = new Int32Array(count);
  const numbers = new Int32Array(count);
  const nans = new Int32Array(count);
  let start = 0;
  for (const phase of phases) {
    starts[phase] = start;
    numbers[phase] = start;
    start += sizes.get(phase) as number;
    nans[phase] = start;
  }
  const [laid] = kernel.allocate([values.length]) as [Float64Array];
  for (let i = 0; i < values.length; i++) {
    const phase = phaseOf(hours[i] as number, cycle);
    const value = values[i] as number;
    const at = Number.isNaN(value) ? (nans[phase] as number) - 1 : (numbers[phase] as number);
    if (Number.isNaN(value)) nans[phase] = at;
    else numbers[phase] = at + 1;
    laid[at] = value;
  }
  return new Map(
    phases.map((phase) => {
      const from = starts[phase] as number;
      kernel.sort(laid.subarray(from, numbers[phase]));
      return [phase, laid.slice(from, from + (sizes.get(phase) as number))];
    }),
  );
}

/** The counts split by phase (in phase order). */
export function phaseCounts(hourly: HourlyLabels, cycle: Cycle): PhaseCounts {
  const split = new Map<number, { counts: Map<string, number>; missing: number }>();
  hourly.labels.forEach((label, i) => {
    const phase = phaseOf(hourly.hours[i] as number, cycle);
    let into = split.get(phase);
    if (into === undefined) {
      into = { counts: new Map(), missing: 0 };
      split.set(phase, into);
    }
    const count = hourly.counts[i] as number;
    if (label === null) into.missing += count;
    else into.counts.set(label, (into.counts.get(label) ?? 0) + count);
  });
  return new Map([...split].sort(([a], [b]) => a - b));
}
