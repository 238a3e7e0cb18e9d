// Golden answers from test/fixtures/compare.py (numpy's quantiles and searchsorted for the bins,
// scipy.stats.ks_2samp, wasserstein_distance, chi2_contingency, scipy.spatial.distance.jensenshannon);
// the SciPy and numpy versions are recorded in test/fixtures/compare.json.
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import type { DriftResult } from '../src/compare/result.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { generateSample, type SampleSpec } from './fixtures/generateSample.js';
import { closeToScipy, scipyFixture } from './support/scipyFixtures.js';

type Sample = (number | string | null)[] | SampleSpec;
interface GoldenCase {
  name: string;
  reference: Sample;
  current: Sample;
  options: { bins?: number; categorical?: boolean };
  expected: DriftResult;
}
const golden = scipyFixture<{
  scipy: string;
  cases: GoldenCase[];
}>('compare');

const sample = (s: Sample) => (Array.isArray(s) ? s : generateSample(s));

function expectRelative(actual: number | null | undefined, expected: number | null, tolerance: number) {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    tolerance * Math.abs(expected) + 1e-300,
  );
}

function expectMatchesScipy(actual: DriftResult, expected: DriftResult) {
  expect(actual.kind).toBe(expected.kind);
  // The fixtures apply the seed's rules; the gate (docs/signal.md) may lower the status after them.
  expect(actual.gate?.statusBeforeGate).toBe(expected.status);
  // -0 and +0 tie in a sort, so an edge between them may carry either sign, in numpy as here.
  const unsigned = (bins: DriftResult['bins']) => ({
    ...bins,
    edges: bins.edges.map((e) => (typeof e === 'number' ? e + 0 : e)),
  });
  expect(unsigned(actual.bins)).toEqual(unsigned(expected.bins));
  for (const window of ['reference', 'current'] as const) {
    expect(actual[window].count).toBe(expected[window].count);
    expect(actual[window].missing).toBe(expected[window].missing);
    expect(actual[window].min).toBe(expected[window].min);
    expect(actual[window].max).toBe(expected[window].max);
    expectRelative(actual[window].mean, expected[window].mean, 1e-12);
    expectRelative(actual[window].variance, expected[window].variance, 1e-10);
  }
  for (const key of ['psi', 'kl', 'js', 'wasserstein', 'wassersteinNormed'] as const) {
    expectRelative(actual[key], expected[key], 1e-9);
  }
  if (expected.ks === null) expect(actual.ks).toBeNull();
  else {
    expect(actual.ks?.method).toBe(expected.ks.method);
    expect(Math.abs((actual.ks?.statistic ?? Number.NaN) - expected.ks.statistic)).toBeLessThanOrEqual(1e-12);
    expect(closeToScipy(actual.ks?.pvalue ?? Number.NaN, expected.ks.pvalue), 'KS p-value').toBe(true);
  }
  if (expected.chi2 === null) expect(actual.chi2).toBeNull();
  else {
    expect(actual.chi2?.dof).toBe(expected.chi2.dof);
    expectRelative(actual.chi2?.statistic, expected.chi2.statistic, 1e-9);
    expect(closeToScipy(actual.chi2?.pvalue ?? Number.NaN, expected.chi2.pvalue), 'chi-square p-value').toBe(
      true,
    );
  }
}

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

describe.each([
  ['the WebAssembly kernel', () => wasm],
  ['the TypeScript kernel', () => jsKernel],
])(`compare on %s matches SciPy ${golden.scipy}`, (_, kernel) => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const actual = await compare(sample(c.reference), sample(c.current), { ...c.options, kernel: kernel() });
    expectMatchesScipy(actual, c.expected);
  });
});

// The typed-array fast path: the same numeric cases as Float64Array give SciPy's answers, and every other
// typed array gives exactly what number[] of the same values gives.
const numericCases = golden.cases.filter(
  (c) =>
    !c.options.categorical &&
    [c.reference, c.current].every((s) => !sample(s).some((v) => typeof v === 'string')),
);
const asNumbers = (s: Sample) => sample(s).map((v) => (typeof v === 'number' ? v : Number.NaN));

describe(`compare on Float64Array windows matches SciPy ${golden.scipy}`, () => {
  it.each(numericCases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const actual = await compare(
      Float64Array.from(asNumbers(c.reference)),
      Float64Array.from(asNumbers(c.current)),
      c.options,
    );
    expectMatchesScipy(actual, c.expected);
  });
});

describe.each(
  [
    Float32Array,
    Int32Array,
    Uint32Array,
    Int16Array,
    Uint16Array,
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
  ].map((TypedArray) => [TypedArray.name, TypedArray] as const),
)('compare on %s windows gives what number[] of the same values gives', (_, TypedArray) => {
  // The 200,000-value case adds seconds and no new path.
  const small = numericCases.filter((c) => asNumbers(c.reference).length <= 20_000);
  it.each(small.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const reference = TypedArray.from(asNumbers(c.reference));
    const current = TypedArray.from(asNumbers(c.current));
    expect(await compare(reference, current, c.options)).toEqual(
      await compare(Array.from(reference), Array.from(current), c.options),
    );
  });
});
