import type { LabelCounts } from '../compare/labelCounts.js';
import type { HourlyLabels } from './commonBins.js';
import { type Cycle, phaseOf } from './cycle.js';

/** A numeric reference by phase: each phase's values sorted ascending, NaN (missing) last. */
export type PhaseValues = Map<number, Float64Array>;

/** A categorical reference by phase: each phase's counts per label. */
export type PhaseCounts = Map<number, LabelCounts>;

/** Rows per phase of a window, from its hour indices. */
export function rowsPerPhase(hours: Float64Array, cycle: Cycle): Map<number, number> {
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

/** The values split by phase (in phase order), each phase sorted ascending with NaN last. */
export function phaseValues(values: Float64Array, hours: Float64Array, cycle: Cycle): PhaseValues {
  const sizes = rowsPerPhase(hours, cycle);
  const phases = [...sizes.keys()].sort((a, b) => a - b);
  const split: PhaseValues = new Map(
    phases.map((phase) => [phase, new Float64Array(sizes.get(phase) as number)]),
  );
  const filled = new Map(phases.map((phase) => [phase, 0]));
  for (let i = 0; i < values.length; i++) {
    const phase = phaseOf(hours[i] as number, cycle);
    const at = filled.get(phase) as number;
    (split.get(phase) as Float64Array)[at] = values[i] as number;
    filled.set(phase, at + 1);
  }
  // A typed array's sort puts NaN last.
  for (const sample of split.values()) sample.sort();
  return split;
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
