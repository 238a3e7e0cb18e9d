import type { LabelCounts } from '../compare/labelCounts.js';
import type { Kernel } from '../kernel/kernel.js';
import { addToHourBins, type HourBins } from './hourBins.js';
import { hourSlots } from './hourSlots.js';

/** Hour indices per row, NaN for a row without a time; or, for labels, counts per (hour, label). */
export interface HourlyLabels {
  hours: Float64Array;
  labels: (string | null)[];
  counts: Float64Array;
}

/**
 * A numeric reference on its common bins: the deciles of its finite values (type-7, deduplicated, as the
 * battery's edges) and one bin for the missing values, counted per hour. Rows without a time are left out.
 * The hours are the table's keys in order of first appearance (what the sums over them follow).
 */
export function numericHourBins(
  kernel: Kernel,
  values: Float64Array,
  hours: Float64Array,
  bins: number,
): { table: HourBins; bins: number } {
  const edges = decileEdges(kernel, values, bins);
  const count = edges.length + 2;
  const { slots, hours: distinct } = hourSlots(hours);
  const counts = new Float64Array(distinct.length * count);
  for (let i = 0; i < values.length; i++) {
    const slot = slots[i] as number;
    if (slot < 0) continue;
    const value = values[i] as number;
    const at = slot * count + (Number.isFinite(value) ? binOf(edges, value) : count - 1);
    counts[at] = (counts[at] as number) + 1;
  }
  const table: HourBins = new Map();
  distinct.forEach((hour, slot) => {
    table.set(hour, counts.subarray(slot * count, (slot + 1) * count));
  });
  return { table, bins: count };
}

/**
 * The type-7 quantiles at 1/bins … (bins-1)/bins of the finite values, deduplicated. Their order statistics
 * come from the kernel's sort (a radix sort): the same values any sort or selection gives.
 */
function decileEdges(kernel: Kernel, values: Float64Array, bins: number): number[] {
  const [copy] = kernel.allocate([values.length]) as [Float64Array];
  copy.set(values);
  const finite = copy.subarray(0, kernel.compactFinite(copy));
  kernel.sort(finite);
  const edges: number[] = [];
  for (let i = 1; i < bins && finite.length > 0; i++) {
    const at = (i / bins) * (finite.length - 1);
    const low = Math.floor(at);
    const lower = finite[low] as number;
    const edge = lower + (at - low) * ((finite[Math.min(low + 1, finite.length - 1)] as number) - lower);
    if (edges.length === 0 || edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Bins [e_i, e_i+1) with open outer bins: the number of edges at or below the value. */
function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((edges[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
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
