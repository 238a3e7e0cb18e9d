import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectRanks } from '../src/signal/selectRanks.js';

// Values from a handful (long runs of ties) or from a wide range; long enough to be partitioned, not sorted.
const values = fc.oneof(
  fc.array(
    fc.integer({ min: -3, max: 3 }).map((x) => x / 2),
    { minLength: 1, maxLength: 2_000 },
  ),
  fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 2_000 }),
);

describe('selectRanks', () => {
  it('puts at each rank asked for the value a full sort puts there, and moves values only', () => {
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { maxLength: 20 }), (xs, picks) => {
        const selected = Float64Array.from(xs);
        const ranks = picks.map((pick) => pick % xs.length);
        selectRanks(selected, ranks);
        const sorted = Float64Array.from(xs).sort();
        // -0 and +0 tie: which of them lands at a rank is open, as for any equal values.
        for (const rank of ranks) expect(selected[rank] === sorted[rank]).toBe(true);
        expect(Float64Array.from(selected).sort()).toEqual(sorted);
      }),
    );
  });

  it('selects the deciles of 200,000 values in order, ascending and descending runs included', () => {
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? i : n - i) + Math.sin(i));
    const ranks = Array.from({ length: 9 }, (_, i) => Math.floor(((i + 1) / 10) * (n - 1)));
    const selected = xs.slice();
    selectRanks(selected, ranks);
    const sorted = xs.slice().sort();
    expect(ranks.map((rank) => selected[rank])).toEqual(ranks.map((rank) => sorted[rank]));
  });
});
