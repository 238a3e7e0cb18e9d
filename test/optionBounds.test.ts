import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';

// Values that passed the rules and then failed the run after every model was written: each time a run
// derives from `now` must be a date both engines can bind.
describe('startServiceC with options out of their bounds', () => {
  const database = 'never-opened.duckdb';
  const timeWindows = { kind: 'time', historicalFrom: 0.5, historicalTo: 0.7 };
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a retention of a million days',
      { retention: { days: 1e6 } },
      'retention.days must be at most 36525 days (100 years; null keeps every run), got 1000000',
    ],
    [
      'a time bucket of 1e15 ms',
      { windows: { ...timeWindows, bucketMs: 1e15 } },
      'windows.bucketMs must be at most 3155760000000 ms (100 years), got 1000000000000000',
    ],
    [
      'a clock that returns a string',
      { now: () => '2026-01-01' },
      'now must be a function returning a valid Date (years 1 to 9999), got a function',
    ],
    [
      'a clock that returns an Invalid Date',
      { now: () => new Date(Number.NaN) },
      'now must be a function returning a valid Date (years 1 to 9999), got a function',
    ],
    [
      'a clock past the year 9999',
      { now: () => new Date(Date.UTC(10000, 0, 1)) },
      'now must be a function returning a valid Date (years 1 to 9999), got a function',
    ],
    [
      'a clock that throws',
      {
        now: () => {
          throw new Error('no clock');
        },
      },
      'now must be a function returning a valid Date (years 1 to 9999), got a function',
    ],
  ])('refuses %s up front, in one line', (_, options, message) => {
    const start = () => startServiceC({ database, ...options } as RunOptionsInput);
    expect(start).toThrow(RangeError);
    expect(start).toThrow(`invalid options: ${message}`);
    expect(start).not.toThrow(/\n/);
  });

  it('takes the largest bounds themselves', () => {
    // Refused later for the missing file, not by the rules.
    const run = startServiceC({
      database,
      retention: { days: 36_525 },
      windows: { kind: 'time', historicalFrom: 0.5, historicalTo: 0.7, bucketMs: 3_155_760_000_000 },
    });
    return expect(run.done).rejects.toThrow(`database file not found: ${database}`);
  });
});
