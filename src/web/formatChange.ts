import { formatNumber } from './dom.js';

/** A change for people: its sign always shown, a true minus sign (−0.292, +0.025), '–' for none. */
export function formatChange(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  return `${value < 0 ? '\u2212' : '+'}${formatNumber(Math.abs(value))}`;
}

/** A change with its interval when it has one: `−0.292 [−0.315, −0.262]`. */
export function formatChangeWithInterval(
  change: number | null,
  low: number | null,
  high: number | null,
): string {
  const interval = low === null || high === null ? '' : ` [${formatChange(low)}, ${formatChange(high)}]`;
  return `${formatChange(change)}${interval}`;
}
