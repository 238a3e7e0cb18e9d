import type { LabelCounts } from '../compare/labelCounts.js';
import { allocateNumericBuffers, type NumericTask } from '../compare/numericDrift.js';
import { sortedFinite } from '../compare/sortedFinite.js';
import type { Kernel } from '../kernel/kernel.js';
import { addToHourBins, type HourBins } from './hourBins.js';
import type { HourSlots } from './hourSlots.js';

/** Hour indices per row, NaN for a row without a time; or, for labels, counts per (hour, label). */
export interface HourlyLabels {
  hours: Float64Array;
  labels: (string | null)[];
  counts: Float64Array;
}

/**
 * A numeric reference on its common bins: the deciles of its finite values (type-7, deduplicated, as the
 * battery's edges) and one bin for the missing values, counted per hour, in the kernel. Rows without a time
 * are left out (their slot is -1). The hours are the table's keys in order of first appearance (what the sums
 * over them follow). `battery`: the numeric battery's buffers for this reference against `currentRows` rows,
 * allocated with the bins' so that the finite values sorted for the edges are already in place at the front of
 * its reference (`sorted`, a view of them), for the battery to reuse; both valid until the kernel's next
 * allocation.
 */
export function numericHourBins(
  kernel: Kernel,
  values: Float64Array,
  { slots, hours: distinct }: HourSlots,
  bins: number,
  currentRows = 0,
): { table: HourBins; bins: number; sorted: Float64Array; battery: NumericTask } {
  const n = values.length;
  const { more, ...battery } = allocateNumericBuffers(kernel, n, currentRows, bins, [
    n,
    n,
    bins - 1,
    distinct.length * (bins + 1),
  ]);
  const [rows, rowSlots, edgeCells, cells] = more as [Float64Array, Float64Array, Float64Array, Float64Array];
  battery.reference.set(values);
  const sorted = sortedFinite(kernel, battery.reference);
  const edges = edgeCells.subarray(0, decileEdges(sorted, bins, edgeCells));
  rows.set(values);
  rowSlots.set(slots);
  const count = edges.length + 2;
  kernel.slotBinCounts(rows, rowSlots, edges, cells);
  const table: HourBins = new Map();
  distinct.forEach((hour, slot) => {
    table.set(hour, cells.slice(slot * count, (slot + 1) * count));
  });
  return { table, bins: count, sorted, battery };
}

/**
 * The type-7 quantiles at 1/bins … (bins-1)/bins of the sorted finite values, deduplicated, written into
 * `into`; returns how many.
 */
function decileEdges(finite: Float64Array, bins: number, into: Float64Array): number {
  let count = 0;
  for (let i = 1; i < bins && finite.length > 0; i++) {
    const at = (i / bins) * (finite.length - 1);
    const low = Math.floor(at);
    const lower = finite[low] as number;
    const edge = lower + (at - low) * ((finite[Math.min(low + 1, finite.length - 1)] as number) - lower);
    if (count === 0 || edge !== into[count - 1]) into[count++] = edge;
  }
  return count;
}

/** Categorical counts per hour on one bin per label (sorted) and one for the missing values. */
export function labelHourBins(hourly: HourlyLabels): { table: HourBins; bins: number } {
  const labels = [...new Set(hourly.labels.filter((label) => label !== null))].sort() as string[];
  const index = new Map(labels.map((label, i) => [label, i]));
  const count = labels.length + 1;
  const table: HourBins = new Map();
  hourly.labels.forEach((label, i) => {
    const hour = hourly.hours[i] as number;
    if (Number.isNaN(hour)) return;
    addToHourBins(
      table,
      count,
      hour,
      label === null ? count - 1 : (index.get(label) as number),
      hourly.counts[i] as number,
    );
  });
  return { table, bins: count };
}

/** The totals of counts per (hour, label). */
export function labelTotals(hourly: HourlyLabels): LabelCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  hourly.labels.forEach((label, i) => {
    const count = hourly.counts[i] as number;
    if (label === null) missing += count;
    else counts.set(label, (counts.get(label) ?? 0) + count);
  });
  return { counts, missing };
}
