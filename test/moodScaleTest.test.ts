// Golden numbers: test/fixtures/mood.json, made by test/fixtures/mood.py with scipy.stats.mood (two-sided);
// versions in its "meta" block. Relative tolerance 1e-9 on the statistic and the p-value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moodScaleTest, moodWalk } from '../src/stats/moodScaleTest.js';
import { scipyFixture } from './support/scipyFixtures.js';

interface MoodCase {
  name: string;
  x: number[];
  y: number[];
  statistic: number;
  pvalue: number;
  ties: boolean;
}

const { cases } = scipyFixture<{ cases: MoodCase[] }>('mood');
const sorted = (values: number[]) => Float64Array.from(values).sort();
const relative = (ours: number, scipy: number) => Math.abs(ours - scipy) / Math.abs(scipy);

describe('moodScaleTest', () => {
  it.each(cases)('is SciPy’s mood(x, y) to 1e-9 relative: $name', ({ x, y, statistic, pvalue }) => {
    const ours = moodScaleTest(sorted(x), sorted(y));
    expect(relative(ours?.statistic as number, statistic)).toBeLessThan(1e-9);
    expect(relative(ours?.pvalue as number, pvalue)).toBeLessThan(1e-9);
  });

  it('covers equal sizes, 60 vs 1,680, heavy ties and p-values below 1e-100', () => {
    expect(cases.some((c) => c.x.length === c.y.length)).toBe(true);
    expect(cases.some((c) => c.x.length === 60 && c.y.length === 1680 && !c.ties)).toBe(true);
    expect(cases.filter((c) => c.ties).length).toBeGreaterThanOrEqual(3);
    expect(cases.some((c) => c.pvalue < 1e-100)).toBe(true);
  });

  it('has no test where SciPy has none: an empty sample, fewer than 3 values, every value equal', () => {
    const one = Float64Array.of(1);
    expect(moodScaleTest(new Float64Array(0), Float64Array.of(1, 2, 3))).toBeNull();
    expect(moodScaleTest(one, one)).toBeNull();
    expect(moodScaleTest(Float64Array.of(2, 2), Float64Array.of(2, 2, 2))).toBeNull();
  });

  it('gives the general walk’s figures bit for bit, ties or not (it walks without tie bookkeeping until one)', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.integer({ min: -4, max: 4 }),
      fc.constantFrom(-0, 0),
    );
    const samples = fc.array(value, { maxLength: 80 }).map((values) => Float64Array.from(values).sort());
    fc.assert(
      fc.property(samples, samples, (x, y) => {
        const [fast, walked] = [moodScaleTest(x, y), moodWalk(x, y)];
        expect(fast === null).toBe(walked === null);
        expect(Object.is(fast?.statistic, walked?.statistic)).toBe(true);
        expect(Object.is(fast?.pvalue, walked?.pvalue)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Thousands of distinct values: the untied pass all the way.
    const spread = (n: number, seed: number) =>
      Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453).sort();
    const [x, y] = [spread(5_000, 1), spread(20_000, 2)];
    expect(moodScaleTest(x, y)).toEqual(moodWalk(x, y));
  });

  it('changes sign, not p-value, when the samples swap', () => {
    const { x, y } = cases[2] as MoodCase;
    const [forward, backward] = [moodScaleTest(sorted(x), sorted(y)), moodScaleTest(sorted(y), sorted(x))];
    expect(backward?.statistic).toBeCloseTo(-(forward?.statistic as number), 9);
    expect(relative(backward?.pvalue as number, forward?.pvalue as number)).toBeLessThan(1e-9);
  });
});
