const units = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/** A duration in its largest whole unit and the next one, for a log line: `8 days 2 hours`, `7 days`. */
export function ageInWords(ms: number): string {
  const index = units.findIndex(([, size]) => ms >= size);
  if (index === -1) return 'less than a second';
  const words = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  const [unit, size] = units[index] as (typeof units)[number];
  const whole = Math.floor(ms / size);
  const next = units[index + 1];
  const rest = next === undefined ? 0 : Math.floor((ms - whole * size) / next[1]);
  return rest > 0 && next !== undefined
    ? `${words(whole, unit)} ${words(rest, next[0])}`
    : words(whole, unit);
}
