/** Each row's hour as a small index, and the hours those indices stand for. */
export interface HourSlots {
  /** Row i's slot, -1 for a row without a time (doubles: the kernel's arrays are). */
  slots: Float64Array;
  /** The distinct hours in order of first appearance: slot s is `hours[s]`. */
  hours: number[];
  /** Whether a row has no time (a slot of -1). */
  untimed: boolean;
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
  const { offsets, size } = hourOffsets(hours);
  const lookup = new Int32Array(size).fill(-1);
  const slots = new Float64Array(hours.length);
  const distinct: number[] = [];
  let untimed = false;
  for (let i = 0; i < hours.length; i++) {
    const at = offsets[i] as number;
    if (at < 0) {
      slots[i] = -1;
      untimed = true;
      continue;
    }
    let slot = lookup[at] as number;
    if (slot < 0) {
      slot = distinct.length;
      distinct.push(hours[i] as number);
      lookup[at] = slot;
    }
    slots[i] = slot;
  }
  return { slots, hours: distinct, untimed };
}

/**
 * Each row's hour as an offset into a table of `size` entries, -1 for no time: its distance from the first
 * hour while the hours span few enough, else its rank among the distinct hours. Two passes of plain integer
 * work, which V8 runs several times faster than one pass choosing between a table and a Map per row.
 */
function hourOffsets(hours: Float64Array): { offsets: Int32Array; size: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i] as number;
    if (hour < first) first = hour;
    if (hour > last) last = hour;
  }
  const offsets = new Int32Array(hours.length);
  // No hour at all (no rows, or none with a time): a span of -Infinity, and nothing to rank.
  const span = last - first + 1;
  if (!Number.isFinite(span) || span > Math.max(DENSE_SPAN_PER_ROW * hours.length, DENSE_SPAN_MIN)) {
    const ranked = [...new Set(hours)].filter((hour) => !Number.isNaN(hour)).sort((a, b) => a - b);
    const rank = new Map(ranked.map((hour, r) => [hour, r]));
    hours.forEach((hour, i) => {
      offsets[i] = rank.get(hour) ?? -1;
    });
    return { offsets, size: ranked.length };
  }
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i] as number;
    offsets[i] = Number.isNaN(hour) ? -1 : (hour - first) | 0;
  }
  return { offsets, size: span };
}
