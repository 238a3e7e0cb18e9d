import { UsageError } from './usageError.js';

const unitMs: Readonly<Record<string, number>> = Object.freeze({
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
});

// setTimeout fires at once, with a warning, for delays past 2^31 - 1 ms (about 24.8 days).
const longestMs = 2 ** 31 - 1;

/** A duration like 30s, 15m, 1h or 1d, in milliseconds; anything else is a UsageError naming the flag. */
export function parseDuration(flag: string, text: string): number {
  const match = /^([1-9]\d*)([smhd])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (unitMs[match[2] as string] as number) : Number.NaN;
  if (!(ms <= longestMs)) {
    throw new UsageError(
      match
        ? `${flag} can be at most 24d, got '${text}'`
        : `${flag} expects a duration like 30s, 15m, 1h or 1d, got '${text}'`,
    );
  }
  return ms;
}
