import { type Chunking, chunkOf } from '../signal/chunkOf.js';
import { headlineMetric } from './headlineMetric.js';
import type { PerformanceTask } from './result.js';
import { worsening } from './worsening.js';

/** The reference's own spread of the headline metric: what a performance drop is gated against. */
export interface ReferenceSpread {
  /**
   * Root mean square of the worsening of each chunk (a window of the reference shaped like the current one)
   * against the whole reference; 0 when fewer than the minimum of chunks could be measured.
   */
  spread: number;
  /** Chunks measured: those with at least `minEvents` events (and both classes, for an AUC). */
  windows: number;
}

/**
 * How far the reference's own windows of the current window's shape fall from the whole reference's
 * headline metric (`whole`), with no drift: sampling noise at the window's size plus the hours' own
 * differences (a night's AUC below the month's). Events without an hour are left out.
 */
export function referenceSpread(
  task: PerformanceTask,
  events: { predictions: Float64Array; labels: Float64Array; hours: Float64Array },
  whole: number,
  chunks: Chunking,
  minEvents: number,
  minWindows: number,
): ReferenceSpread {
  const { predictions, labels, hours } = events;
  let firstHour = Number.POSITIVE_INFINITY;
  for (const hour of hours) if (hour < firstHour) firstHour = hour;
  const chunk = chunkOf(chunks, firstHour);
  const members = new Map<number, number[]>();
  hours.forEach((hour, i) => {
    if (Number.isNaN(hour)) return;
    const key = chunk(hour);
    const list = members.get(key);
    if (list === undefined) members.set(key, [i]);
    else list.push(i);
  });
  let squares = 0;
  let windows = 0;
  for (const list of members.values()) {
    if (list.length < minEvents) continue;
    const window = {
      predictions: Float64Array.from(list, (i) => predictions[i] as number),
      labels: Float64Array.from(list, (i) => labels[i] as number),
    };
    const value = headlineMetric(task, window);
    if (value === null) continue;
    const worse = worsening(task, whole, value);
    if (!Number.isFinite(worse)) continue;
    squares += worse * worse;
    windows++;
  }
  return { spread: windows < minWindows ? 0 : Math.sqrt(squares / windows), windows };
}
