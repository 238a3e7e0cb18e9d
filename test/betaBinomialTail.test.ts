// Golden numbers: test/fixtures/betabinom.json, made by test/fixtures/betabinom.py with
// scipy.stats.betabinom (sf at or below the mean, the fsum of its pmf above it); versions in its "meta" block.
// Relative tolerance 1e-9: SciPy's own two ways (sf and the pmf's sum, both from log-gamma differences)
// differ by up to 4e-11 relative on these cases.
import { describe, expect, it } from 'vitest';
import { betaBinomialTail } from '../src/stats/betaBinomialTail.js';
import { scipyFixture } from './support/scipyFixtures.js';

interface TailCase {
  k: number;
  m: number;
  a: number;
  b: number;
  method: string;
  tail: number;
}

const { cases } = scipyFixture<{ cases: TailCase[] }>('betabinom');

describe('betaBinomialTail', () => {
  it.each(cases)(
    'is SciPy’s P(T ≥ $k) for betabinom($m, $a, $b) to 1e-9 relative ($method)',
    ({ k, m, a, b, tail }) => {
      const ours = betaBinomialTail(k, m, a, b);
      if (tail === 0) expect(ours).toBeLessThan(1e-300);
      else expect(Math.abs(ours - tail) / tail).toBeLessThan(1e-9);
    },
  );

  it('is 1 for a count of none and 0 for more values than there are', () => {
    expect([betaBinomialTail(0, 60, 2, 1679), betaBinomialTail(61, 60, 2, 1679)]).toEqual([1, 0]);
  });

  it('is 1 when every gap is outside (a reference of one value has nothing inside)', () => {
    expect(betaBinomialTail(5, 5, 2, 0)).toBe(1);
  });

  it('falls as the count rises', () => {
    const tails = [1, 2, 3, 4, 5, 10, 20].map((k) => betaBinomialTail(k, 360, 6, 1435));
    expect(tails.every((t, i) => i === 0 || t < (tails[i - 1] as number))).toBe(true);
  });
});
