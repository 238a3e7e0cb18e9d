import { describe, expect, it } from 'vitest';
import { chooseCycle } from '../src/signal/chooseCycle.js';
import type { HourBins } from '../src/signal/hourBins.js';
import { extent } from '../src/util/extent.js';

describe('extent', () => {
  it('gives the smallest and the largest value', () => {
    expect(extent([3, -1, 7, 2])).toEqual([-1, 7]);
    expect(
      extent(
        new Map([
          [5, 0],
          [2, 0],
        ]).keys(),
      ),
    ).toEqual([2, 5]);
  });

  it('gives [Infinity, -Infinity] for no values', () => {
    expect(extent([])).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('takes more values than a call can have arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i - 1000);
    expect(extent(many)).toEqual([-1000, 498_999]);
  });
});

describe('chooseCycle', () => {
  it('decides on a reference of 20 years of hours (175,200 distinct hours) without a stack overflow', () => {
    // Two bins, the same counts every hour: no cycle, and the span says 7,300 days.
    const table: HourBins = new Map();
    for (let hour = 0; hour < 20 * 365 * 24; hour++) table.set(hour, Float64Array.of(5, 5));
    const choice = chooseCycle(table, 2, 'auto', {
      seasonalityPValue: 1e-6,
      seasonalityMinPsi: 0.01,
      epsilon: 1e-4,
    });
    expect(choice.cycle).toBe('none');
    expect(choice.reason).toMatch(/largest day PSI 0\b.*the reference covers 7300 days$/);
  });
});
