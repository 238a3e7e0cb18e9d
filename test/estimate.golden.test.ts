// Golden answers from test/fixtures/estimate.py: the isotonic calibration by the max-min formula, the
// expected AUC as a full matrix over pairs of distinct events, the expected confusion counts, the realized
// metrics (AUC from scipy.stats.mannwhitneyu) and the interval from a numpy replay of the same Mulberry32
// draws; the SciPy and numpy versions are recorded in test/fixtures/estimate.json.
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { estimatedPerformance } from '../src/performance/estimatedPerformance.js';
import { defaultPerformanceOptions, type PerformanceOptions } from '../src/performance/options.js';
import type { EstimatedMetricName } from '../src/performance/result.js';
import { scipyFixture } from './support/scipyFixtures.js';

type Metrics = Record<EstimatedMetricName, number | null>;
interface Window {
  predictions: number[];
  labels: (number | null)[];
}
interface GoldenCase {
  name: string;
  calibration: PerformanceOptions['calibration'];
  reference: Window;
  current: Window;
  expected: {
    calibrated: boolean;
    brierRaw: number;
    brierOutOfFold: number;
    isotonicScores: number[];
    isotonicLevels: number[];
    isotonicCurrent: number[];
    reference: Metrics;
    current: Metrics;
    realizedReference: Metrics;
    realizedCurrent: Metrics | null;
    currentLow: Metrics;
    currentHigh: Metrics;
  };
}
const fixture = scipyFixture<{ resamples: number; seed: number; threshold: number; cases: GoldenCase[] }>(
  'estimate',
);

const events = (w: Window) => ({
  predictions: Float64Array.from(w.predictions),
  labels: Float64Array.from(w.labels, (label) => label ?? Number.NaN),
});

function expectRelative(actual: number | null, expected: number | null, tolerance: number) {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected) + 1e-15);
}

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

const cases = fixture.cases.map((c) => [c.name, c] as const);

describe.each([
  ['wasm', () => wasm],
  ['js', () => jsKernel],
])('the estimated performance on the %s kernel matches numpy', (_, kernel) => {
  it.each(cases)('%s', (_name, golden) => {
    const options = {
      ...defaultPerformanceOptions,
      resamples: fixture.resamples,
      seed: fixture.seed,
      threshold: fixture.threshold,
      calibration: golden.calibration,
    };
    const result = estimatedPerformance(kernel(), {
      reference: events(golden.reference),
      current: events(golden.current),
      options,
    });
    const { expected } = golden;
    expect(result.calibration).toBe(expected.calibrated ? 'isotonic' : 'none');
    if (golden.calibration === 'auto') {
      expect(result.calibrationReason).toContain(
        `reference Brier ${expected.brierRaw.toFixed(4)} raw, ${expected.brierOutOfFold.toFixed(4)} isotonic out of fold`,
      );
    }
    for (const metric of result.metrics) {
      const name = metric.metric;
      expectRelative(metric.reference, expected.reference[name], 1e-12);
      expectRelative(metric.current, expected.current[name], 1e-12);
      expectRelative(metric.realizedReference, expected.realizedReference[name], 1e-12);
      expectRelative(metric.realizedCurrent, expected.realizedCurrent?.[name] ?? null, 1e-12);
      // The kernel sums weights where the replay materializes each resample: the last bits may differ.
      expectRelative(metric.currentLow, expected.currentLow[name], 1e-9);
      expectRelative(metric.currentHigh, expected.currentHigh[name], 1e-9);
    }
  });

  it.each(cases)('isotonic calibration (bit for bit): %s', (_name, golden) => {
    const { predictions, labels } = events(golden.reference);
    const current = golden.current.predictions;
    const distinct = golden.expected.isotonicScores;
    const k = kernel();
    const n = labels.length;
    const positives = labels.filter((label) => label === 1).length;
    const [pos, neg, upper, level, counts, scores, atScores, sorted, probabilities] = k.allocate([
      positives,
      n - positives,
      n,
      n,
      n,
      distinct.length,
      distinct.length,
      current.length,
      current.length,
    ]) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    pos.set(predictions.filter((_, i) => labels[i] === 1));
    neg.set(predictions.filter((_, i) => labels[i] === 0));
    k.sort(pos);
    k.sort(neg);
    const blocks = k.isotonicFit({ positives: pos, negatives: neg }, upper, level, counts);
    // Each distinct reference score's level, read through the step function, is numpy's max-min value.
    scores.set(distinct);
    k.isotonicApply(scores, upper, level, blocks, atScores);
    expect(Array.from(atScores)).toEqual(golden.expected.isotonicLevels);
    sorted.set(current);
    k.sort(sorted);
    k.isotonicApply(sorted, upper, level, blocks, probabilities);
    expect(Array.from(probabilities)).toEqual(golden.expected.isotonicCurrent);
  });
});
