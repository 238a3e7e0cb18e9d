import { describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { exactMean, exactVariance } from './support/exactMoments.js';

const MAX = Number.MAX_VALUE;
const spread = (from: number, to: number, n: number) =>
  Array.from({ length: n }, (_, i) => from + (to - from) * (i / (n - 1)));

// Windows whose plain sums, deviations or squares overflow although the mean (and some variances) are finite.
const cases: [string, number[]][] = [
  ['values just below the largest double', spread(1.7e308, MAX, 40)],
  ['values just above the lowest double', spread(-MAX, -1.6e308, 40)],
  [
    'the largest and the lowest double together',
    [...spread(1.5e308, MAX, 25), ...spread(-MAX, -1.2e308, 15)],
  ],
  ['one copy of the largest double', new Array(40).fill(MAX)],
  ['one outlier whose square overflows in a finite variance', [...new Array(39).fill(0), 1.5e154]],
  ['ordinary values', spread(-3, 7.5, 40)],
];

const kernels = [
  ['wasm', loadWasmKernel],
  ['js', async () => jsKernel],
] as const;

function expectRelative(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

describe.each(kernels)('the %s kernel near ±1.8e308', (_, load) => {
  it.each(cases)('gives the exact mean and variance of %s (relative 1e-12)', async (__, values) => {
    const kernel = await load();
    const result = await compare(values, values, { kernel });
    const [mean, variance] = [exactMean(values), exactVariance(values)];
    expect(Number.isFinite(mean)).toBe(true);
    expectRelative(result.reference.mean, mean);
    // Beyond the largest double the exact variance is Infinity too: never NaN or null.
    if (Number.isFinite(variance)) expectRelative(result.reference.variance, variance);
    else expect(result.reference.variance).toBe(Number.POSITIVE_INFINITY);
  });
});

describe.each(kernels)('the %s kernel: Wasserstein near ±1.8e308', (_, load) => {
  const copies = (value: number, n: number) => new Array<number>(n).fill(value);

  it('is finite where the area between the CDFs overflows on the way (relative 1e-12)', async () => {
    const kernel = await load();
    const apart = await compare(copies(1.7e308, 40), copies(1.6e308, 40), { kernel });
    expectRelative(apart.wasserstein, 1.7e308 - 1.6e308);
    // One fortieth of the mass moves across 3.4e308, a distance no double holds: W1 = 3.4e308 / 40.
    const across = await compare(
      [...copies(-1.7e308, 20), ...copies(1.7e308, 20)],
      [...copies(-1.7e308, 21), ...copies(1.7e308, 19)],
      { kernel },
    );
    expectRelative(across.wasserstein, 1.7e308 / 20);
  });
});
