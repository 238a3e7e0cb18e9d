// Golden answers from test/fixtures/performance.py: AUC from scipy.stats.mannwhitneyu, the other metrics by
// their formulas in numpy, and the bootstrap interval from a numpy replay of the same Mulberry32 draws;
// the SciPy and numpy versions are recorded in test/fixtures/performance.json.
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { defaultPerformanceOptions } from '../src/performance/options.js';
import { performanceDrift } from '../src/performance/performanceDrift.js';
import type { PerformanceTask } from '../src/performance/result.js';
import { scipyFixture } from './support/scipyFixtures.js';

interface Window {
  predictions: number[];
  labels: number[];
}
interface GoldenCase {
  name: string;
  task: PerformanceTask;
  reference: Window;
  current: Window;
  expected: {
    reference: Record<string, number | null>;
    current: Record<string, number | null>;
    changeLow: number;
    changeHigh: number;
  };
}
const fixture = scipyFixture<{ resamples: number; seed: number; cases: GoldenCase[] }>('performance');

const labelled = (w: Window) => ({
  predictions: Float64Array.from(w.predictions),
  labels: Float64Array.from(w.labels),
});

function expectRelative(actual: number | null, expected: number | null, tolerance: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - (expected as number))).toBeLessThanOrEqual(
    tolerance * Math.abs(expected as number) + 1e-15,
  );
}

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

describe.each([
  ['wasm', () => wasm],
  ['js', () => jsKernel],
])('performance on the %s kernel matches numpy and SciPy', (_, kernel) => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, golden) => {
    const result = performanceDrift(kernel(), {
      task: golden.task,
      reference: labelled(golden.reference),
      current: labelled(golden.current),
      options: { ...defaultPerformanceOptions, resamples: fixture.resamples, seed: fixture.seed },
    });
    for (const metric of result.metrics) {
      expectRelative(metric.reference, golden.expected.reference[metric.metric] ?? null, 1e-12);
      expectRelative(metric.current, golden.expected.current[metric.metric] ?? null, 1e-12);
    }
    const [headline] = result.metrics;
    // The kernel sums weights where the replay materializes the resample: rounding differs in the last bits.
    expectRelative(headline?.changeLow ?? null, golden.expected.changeLow, 1e-9);
    expectRelative(headline?.changeHigh ?? null, golden.expected.changeHigh, 1e-9);
  });
});
