/** Each row's hour as a small index, and the hours those indices stand for. */
export interface HourSlots {
  /** Row i's slot, -1 for a row without a time (doubles: the kernel's arrays are). */
  slots: Float64Array;
  /** The distinct hours in order of first appearance: slot s is `hours[s]`. */
  hours: number[];
}

/**
 * A direct lookup from hour to slot is used while the hours span at most this many times the rows (and a
 * minimum), so that it costs about what the slots themselves do; wider spans (a few rows across decades) use
 * a Map.
 */
const DENSE_SPAN_PER_ROW = 4;
const DENSE_SPAN_MIN = 1 << 16;

/**
 * The rows' hour indices (whole numbers, NaN for no time) numbered 0, 1, … in order of first appearance: the
 * order a Map keyed by hour would iterate in, which the sums over the hours follow (their rounding too).
 * A lookup per row instead of a Map's get and set per row.
 */
export function hourSlots(hours: Float64Array): HourSlots {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const hour of hours) {
    if (hour < first) first = hour;
    if (hour > last) last = hour;
  }
  // No hour at all (no rows, or none with a time): -Infinity, and no dense table.
  const span = last - first + 1;
  const dense =
    Number.isFinite(span) && span <= Math.max(DENSE_SPAN_PER_ROW * hours.length, DENSE_SPAN_MIN)
      ? new Int32Array(span).fill(-1)
      : null;
  const sparse = new Map<number, number>();
  const slots = new Float64Array(hours.length);
  const distinct: number[] = [];
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i] as number;
    if (Number.isNaN(hour)) {
      slots[i] = -1;
      continue;
    }
    let slot = dense === null ? (sparse.get(hour) ?? -1) : (dense[hour - first] as number);
    if (slot < 0) {
      slot = distinct.length;
      distinct.push(hour);
      if (dense === null) sparse.set(hour, slot);
      else dense[hour - first] = slot;
    }
    slots[i] = slot;
  }
  return { slots, hours: distinct };
}
