import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompareCall, compare } from '../src/compare/compare.js';
import { DriftInputError } from '../src/compare/driftInputError.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { OptionsError } from '../src/util/optionsError.js';
import { shareVectors } from './support/arbitraries.js';

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadWasmKernel();
});

const value = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const tiedValue = fc.integer({ min: 0, max: 6 });
const window = fc.oneof(
  fc.array(value, { minLength: 1, maxLength: 200 }),
  fc.array(tiedValue, { minLength: 1, maxLength: 200 }),
);

function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('compare: properties', () => {
  it('keeps the KS statistic in [0, 1] and symmetric in the two windows', async () => {
    await fc.assert(
      fc.asyncProperty(window, window, async (a, b) => {
        const ab = await compare(a, b, { kernel });
        const ba = await compare(b, a, { kernel });
        expect(ab.ks?.statistic).toBeGreaterThanOrEqual(0);
        expect(ab.ks?.statistic).toBeLessThanOrEqual(1);
        expect(ab.ks?.statistic).toBe(ba.ks?.statistic);
        expect(ab.ks?.pvalue).toBe(ba.ks?.pvalue);
        expect(ab.wasserstein).toBeCloseTo(ba.wasserstein as number, 9);
      }),
    );
  });

  it('keeps PSI, KL and JS at or above zero', async () => {
    await fc.assert(
      fc.asyncProperty(window, window, async (a, b) => {
        const result = await compare(a, b, { kernel });
        expect(result.psi).toBeGreaterThanOrEqual(0);
        expect(result.js).toBeGreaterThanOrEqual(0);
        // KL of smoothed shares that need not sum to 1 can dip below zero by at most the smoothing mass.
        expect(result.kl).toBeGreaterThanOrEqual(-1e-3);
      }),
    );
  });

  it('gives PSI and JS symmetric in the two share vectors', () => {
    const shares = shareVectors(4, 4);
    fc.assert(
      fc.property(shares, shares, (r, c) => {
        const [ref, cur] = kernel.allocate([4, 4]) as [Float64Array, Float64Array];
        ref.set(r);
        cur.set(c);
        expect(kernel.psi(ref, cur, 1e-4)).toBeCloseTo(kernel.psi(cur, ref, 1e-4), 12);
        expect(kernel.jsDistance(ref, cur)).toBeCloseTo(kernel.jsDistance(cur, ref), 12);
      }),
    );
  });

  it('does not depend on the order of the values', async () => {
    await fc.assert(
      fc.asyncProperty(window, window, fc.nat(), async (a, b, seed) => {
        const ordered = await compare(a, b, { kernel });
        const permuted = await compare(shuffled(a, seed), shuffled(b, seed + 1), { kernel });
        expect(permuted).toEqual(ordered);
      }),
    );
  });

  it('gives the same result on the TypeScript kernel as on the WebAssembly kernel', async () => {
    await fc.assert(
      fc.asyncProperty(window, window, async (a, b) => {
        const fromWasm = await compare(a, b, { kernel });
        const fromJs = await compare(a, b, { kernel: jsKernel });
        expect(fromJs.bins).toEqual(fromWasm.bins);
        expect(fromJs.ks).toEqual(fromWasm.ks);
        expect(fromJs.wasserstein).toBe(fromWasm.wasserstein);
        expect(fromJs.psi).toBeCloseTo(fromWasm.psi as number, 12);
      }),
    );
  });
});

describe('compare: missing values', () => {
  it('treats NaN and ±Infinity as missing, like null', async () => {
    const base = Array.from({ length: 60 }, (_, i) => (i * 7) % 13);
    const withNull = base.map((x, i) => (i % 5 === 0 ? null : x));
    const withNonFinite = base.map((x, i) =>
      i % 5 === 0 ? [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 3] : x,
    );
    expect(await compare(base, withNonFinite, { kernel })).toEqual(await compare(base, withNull, { kernel }));
  });

  it('adds a missing bin only when a window has a missing value', async () => {
    const clean = Array.from({ length: 40 }, (_, i) => i);
    const without = await compare(clean, clean, { kernel });
    const withMissing = await compare(clean, [...clean, null], { kernel });
    expect(without.bins.reference).toHaveLength(without.bins.edges.length + 1);
    expect(withMissing.bins.reference).toHaveLength(withMissing.bins.edges.length + 2);
    expect(withMissing.bins.current.at(-1)).toBe(1);
    expect(withMissing.current).toMatchObject({ count: 40, missing: 1 });
  });

  it('gives no statistics but a clear status when the reference has no value', async () => {
    const result = await compare([null, null], [1, 2, 3], { kernel });
    expect(result).toMatchObject({ status: 'insufficient_data', psi: null, ks: null, wasserstein: null });
    expect(result.reference).toMatchObject({ count: 0, missing: 2, mean: null });
  });
});

describe('compare: bad input', () => {
  it('rejects an empty window', async () => {
    await expect(compare([], [1, 2], { kernel })).rejects.toThrow(
      new DriftInputError('the reference window is empty'),
    );
    await expect(compare([1, 2], [], { kernel })).rejects.toThrow(/current window is empty/);
    await expect(compare(['a'], [], { kernel })).rejects.toThrow(/current window is empty/);
  });

  it('rejects a window that is not an array', async () => {
    await expect(compare({ a: 1 }, [1], { kernel })).rejects.toThrow(/reference window is not an array/);
  });

  it('rejects numbers mixed with strings unless asked for categories', async () => {
    await expect(compare([1, 'a'], [1], { kernel })).rejects.toThrow(/mixes numbers and strings/);
    await expect(compare([1, 2], ['a'], { kernel })).rejects.toThrow(/two windows mix numbers and strings/);
    const result = await compare([1, 'a'], [1], { kernel, categorical: true });
    expect(result.bins.edges).toEqual(['1', 'a']);
  });

  it('names the offending value of another type', async () => {
    await expect(compare([1, true], [1], { kernel })).rejects.toThrow('reference[1] is a boolean');
    await expect(compare([1], [{}], { kernel })).rejects.toThrow('current[0] is an object');
  });

  it('rejects impossible options', async () => {
    await expect(compare([1], [1], { kernel, bins: 1 })).rejects.toThrow(/bins must be an integer/);
    await expect(compare([1], [1], { kernel, epsilon: 0 })).rejects.toThrow(/epsilon/);
  });

  it('checks every option by name, type and range at once', async () => {
    const hostile = { kernel, psiAlert: 'x', categorical: 'false', binz: 12 } as unknown as CompareCall;
    await expect(compare([1], [1], hostile)).rejects.toThrow(
      new OptionsError(
        'invalid options: unknown option binz; categorical must be true or false, got "false"; psiAlert must be a number of at least 0, got "x"',
      ),
    );
    await expect(compare([1], [1], { kernel, psiWarning: 0.5 })).rejects.toThrow(
      'psiWarning must be at most psiAlert, got 0.5 > 0.25',
    );
  });

  it('bounds the bins with one line', async () => {
    for (const bins of [1e8, 1e9]) {
      await expect(compare([1, 2], [1, 2], { kernel, bins })).rejects.toThrow(
        new OptionsError(`invalid options: bins must be an integer from 2 to 100000, got ${bins}`),
      );
    }
  });
});

describe('compare: constant columns', () => {
  it('floors the reference spread when normalising Wasserstein', async () => {
    const result = await compare(new Array(40).fill(3), new Array(40).fill(3.5), { kernel });
    expect(result.wasserstein).toBe(0.5);
    expect(result.wassersteinNormed).toBe(0.5 / 1e-3);
    expect(result.reference.variance).toBe(0);
    expect(result.ks?.statistic).toBe(1);
  });
});

describe('compare: windows with holes', () => {
  it('counts the holes of a sparse array and an explicit undefined as missing, like null', async () => {
    const sparse: number[] = new Array(40);
    for (let i = 0; i < 40; i++) if (i % 4 !== 0) sparse[i] = i;
    const undefinedValues = Array.from(sparse);
    const nulls = Array.from(sparse, (value) => value ?? null);
    const expected = await compare(nulls, nulls, { kernel });
    expect(expected.reference.missing).toBe(10);
    expect(await compare(sparse, sparse, { kernel })).toEqual(expected);
    expect(await compare(undefinedValues, undefinedValues, { kernel })).toEqual(expected);
  });
});
