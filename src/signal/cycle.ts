/** A cycle the reference may follow: one phase, the 24 hours of the day, or the 168 hours of the week (UTC). */
export type Cycle = 'none' | 'day' | 'week';

/** How a column's cycle is chosen: from the reference itself (`auto`), or given. */
export type Seasonality = 'auto' | Cycle;

export const seasonalities: readonly Seasonality[] = ['auto', 'none', 'day', 'week'];

export const HOUR_MS = 3_600_000;

export const phaseCount: Readonly<Record<Cycle, number>> = { none: 1, day: 24, week: 168 };

/**
 * The phase of an hour index (floor(epoch ms / 1 h)) in a cycle: its hour of the day, or its hour of the week
 * counted from Monday 00:00 (1970-01-01, hour 0, was a Thursday: 72 hours after a Monday's start).
 */
export function phaseOf(hour: number, cycle: Cycle): number {
  if (cycle === 'day') return ((hour % 24) + 24) % 24;
  if (cycle === 'week') return (((hour + 72) % 168) + 168) % 168;
  return 0;
}
