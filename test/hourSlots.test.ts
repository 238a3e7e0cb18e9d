import { describe, expect, it } from 'vitest';
import { hourSlots } from '../src/signal/hourSlots.js';

describe('hourSlots', () => {
  it('numbers hours in order of first appearance, -1 for no time, over a short span and a wide one', () => {
    // 1e6 hours apart: wider than the direct table allows, so the hours are ranked instead.
    for (const far of [30, 1_000_000]) {
      const hours = Float64Array.of(500, 500 + far, Number.NaN, 500, 499, 500 + far, 499);
      expect(hourSlots(hours)).toEqual({
        slots: Float64Array.of(0, 1, -1, 0, 2, 1, 2),
        hours: [500, 500 + far, 499],
        untimed: true,
      });
      expect(hourSlots(hours.filter((hour) => !Number.isNaN(hour))).untimed).toBe(false);
    }
  });

  it('gives nothing for no rows and for rows without a time', () => {
    expect(hourSlots(new Float64Array(0))).toEqual({ slots: new Float64Array(0), hours: [], untimed: false });
    expect(hourSlots(Float64Array.of(Number.NaN))).toEqual({
      slots: Float64Array.of(-1),
      hours: [],
      untimed: true,
    });
  });
});
