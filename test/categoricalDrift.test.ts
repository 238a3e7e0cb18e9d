import { describe, expect, it } from 'vitest';
import { categoricalDrift } from '../src/compare/categoricalDrift.js';
import { defaultCompareOptions } from '../src/compare/options.js';
import { jsKernel } from '../src/kernel/jsKernel.js';

const window = (counts: Record<string, number>, missing = 0) => ({
  counts: new Map(Object.entries(counts)),
  missing,
});

const drift = (reference: ReturnType<typeof window>, current: ReturnType<typeof window>) =>
  categoricalDrift(jsKernel, reference, current, defaultCompareOptions);

describe('categoricalDrift', () => {
  it('has no chi-square test for one category, or for a window of missing values only, and still compares', () => {
    const one = drift(window({ a: 40 }), window({ a: 35 }, 5));
    expect(one.chi2).toBeNull();
    expect(one.psi).not.toBeNull();
    const onlyMissing = drift(window({ a: 40, b: 20 }), window({}, 60));
    expect(onlyMissing.chi2).toBeNull();
  });

  it('tests two categories', () => {
    expect(drift(window({ a: 40, b: 20 }), window({ a: 20, b: 40 })).chi2?.dof).toBe(1);
  });

  it('lets a count that is negative or not a number surface instead of reading it as no test', () => {
    for (const bad of [Number.NaN, -3]) {
      expect(() => drift(window({ a: 40, b: bad }), window({ a: 20, b: 40 }))).toThrow(
        `chiSquareHomogeneity: counts must be finite and >= 0, got reference[1] = ${bad}, current[1] = 40`,
      );
    }
  });
});
