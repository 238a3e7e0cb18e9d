import type { Cycle } from './cycle.js';
import { formatCount, formatFigure } from './formatFigure.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_MS = 86_400_000;

/** An hour of the day or of the week in words: "14:00–15:00 UTC", "Mondays 14:00–15:00 UTC". */
export function phaseWords(phase: number, cycle: Cycle): string {
  const hour = phase % 24;
  const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const hours = `${clock(hour)}–${clock(hour + 1)} UTC`;
  return cycle === 'week' ? `${DAYS[Math.floor(phase / 24)]}s ${hours}` : hours;
}

/**
 * What the current window was compared with: the whole reference, the same hour of the day or week over the
 * reference's span, or the reference resampled to the current window's mix of phases.
 */
export function referencePhase(
  cycle: Cycle,
  currentPhases: readonly number[],
  rows: number,
  span: { first: number; last: number } | null,
): string {
  const counted = `(${formatCount(rows)} rows)`;
  if (cycle === 'none') return `the whole reference ${counted}`;
  const days = span === null ? 0 : (span.last - span.first) / DAY_MS;
  const over = cycle === 'week' ? `${formatFigure(days / 7)} weeks` : `${formatFigure(days)} days`;
  const [only] = currentPhases;
  if (currentPhases.length === 1 && only !== undefined) {
    return `${cycle === 'day' ? 'every day ' : ''}${phaseWords(only, cycle)} over ${over} ${counted}`;
  }
  return `resampled to the current window's mix of ${currentPhases.length} hours of the ${cycle}, over ${over} ${counted}`;
}
