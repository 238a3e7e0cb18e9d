import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { estimatedPerformance } from '../src/performance/estimatedPerformance.js';
import { defaultPerformanceOptions, type PerformanceOptions } from '../src/performance/options.js';
import type { EstimatedMetricName, EstimatedPerformance, LabelledWindow } from '../src/performance/result.js';
import { uniforms } from './support/uniforms.js';

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

/**
 * n events of a logistic model on x ~ N(shift, 1): the label drawn from the true probability q, the score
 * q^power (1: calibrated), labels kept for a share `labelled` of the events (NaN for the rest).
 */
function window(random: () => number, n: number, shift = 0, power = 1, labelled = 1): LabelledWindow {
  const predictions = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = shift + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const q = 1 / (1 + Math.exp(-(1.6 * x - 0.8)));
    const y = random() < q ? 1 : 0;
    predictions[i] = q ** power;
    labels[i] = random() < labelled ? y : Number.NaN;
  }
  return { predictions, labels };
}

const metric = (result: EstimatedPerformance, name: EstimatedMetricName) =>
  result.metrics.find((m) => m.metric === name) as EstimatedPerformance['metrics'][number];

function estimate(
  reference: LabelledWindow,
  current: LabelledWindow,
  options: Partial<PerformanceOptions> = {},
  kernel: Kernel = wasm,
) {
  return estimatedPerformance(kernel, {
    reference,
    current,
    options: { ...defaultPerformanceOptions, ...options },
  });
}

describe('the estimated performance', () => {
  it('is the same on the WebAssembly and the TypeScript kernel, to the last bit', () => {
    const scores = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
    );
    const events = (minLength: number) =>
      fc.array(fc.tuple(scores, fc.constantFrom(0, 1, Number.NaN)), { minLength, maxLength: 200 });
    const asWindow = (rows: [number, number][]): LabelledWindow => ({
      predictions: Float64Array.from(rows, ([p]) => p),
      labels: Float64Array.from(rows, ([, y]) => y),
    });
    fc.assert(
      fc.property(
        events(1),
        events(0),
        fc.constantFrom('auto', 'isotonic', 'none'),
        (ref, cur, calibration: PerformanceOptions['calibration']) => {
          const reference = asWindow(ref.map(([p, y]) => [p, Number.isNaN(y) ? 1 : y]));
          const options = { calibration, minEvents: 5, resamples: 20 };
          const a = estimate(reference, asWindow(cur), options, wasm);
          const b = estimate(reference, asWindow(cur), options, jsKernel);
          expect(a).toEqual(b);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lies within 0.02 of the realized AUC and accuracy for calibrated scores under a covariate shift', () => {
    const random = uniforms(7);
    const result = estimate(window(random, 20_000), window(random, 20_000, 1.5));
    for (const name of ['auc', 'accuracy'] as const) {
      const { current, realizedCurrent, error } = metric(result, name);
      expect(Math.abs(error as number)).toBeLessThan(0.02);
      expect(error).toBe((current as number) - (realizedCurrent as number));
    }
    // The shift moved the realized accuracy: the estimate followed it, not the reference's value.
    const accuracy = metric(result, 'accuracy');
    expect(
      Math.abs((accuracy.realizedCurrent as number) - (accuracy.realizedReference as number)),
    ).toBeGreaterThan(0.02);
  });

  it('calibrates miscalibrated scores on the reference, and then estimates the accuracy within 0.02', () => {
    const random = uniforms(8);
    const reference = window(random, 20_000, 0, 2);
    const current = window(random, 20_000, 0.8, 2);
    const calibrated = estimate(reference, current);
    const raw = estimate(reference, current, { calibration: 'none' });
    expect(calibrated.calibration).toBe('isotonic');
    expect(calibrated.calibrationReason).toMatch(
      /^calibration isotonic: reference Brier [\d.]+ raw, [\d.]+ isotonic out of fold$/,
    );
    expect(Math.abs(metric(calibrated, 'accuracy').error as number)).toBeLessThan(0.02);
    expect(Math.abs(metric(raw, 'accuracy').error as number)).toBeGreaterThan(0.05);
  });

  it('leaves calibrated scores uncalibrated when isotonic calibration does not lower the out-of-fold Brier score', () => {
    const random = uniforms(9);
    const result = estimate(window(random, 5_000), window(random, 1_000));
    expect(result.calibration).toBe('none');
    expect(result.calibrationReason).toMatch(
      /^calibration none: isotonic does not lower the reference Brier/,
    );
  });

  it('needs no label in the current window, and gives no realized value nor error there', () => {
    const random = uniforms(10);
    const result = estimate(window(random, 2_000), window(random, 500, 0.5, 1, 0));
    expect([result.currentEvents, result.currentLabelled]).toEqual([500, 0]);
    for (const m of result.metrics) {
      expect(m.current).not.toBeNull();
      expect([m.realizedCurrent, m.error]).toEqual([null, null]);
      expect(m.currentLow as number).toBeLessThanOrEqual(m.current as number);
      expect(m.currentHigh as number).toBeGreaterThanOrEqual(m.current as number);
    }
  });

  it('alerts when the estimated AUC falls beyond aucAlert and beyond its interval, and not on noise', () => {
    const random = uniforms(11);
    const reference = window(random, 5_000);
    // Scores of the current window squeezed towards the middle: the model ranks worse, still calibrated.
    const worse = window(random, 3_000, 0, 0.15);
    const same = window(random, 3_000);
    const dropped = estimate(reference, worse, { calibration: 'none' });
    const auc = metric(dropped, 'auc');
    expect((auc.reference as number) - (auc.current as number)).toBeGreaterThan(
      defaultPerformanceOptions.aucAlert,
    );
    expect(auc.changeHigh as number).toBeLessThan(0);
    expect(dropped.status).toBe('alert');
    expect(estimate(reference, same).status).toBe('ok');
  });

  it('says insufficient_data for a current window under minEvents events', () => {
    const random = uniforms(12);
    const result = estimate(window(random, 1_000), window(random, 29, 0, 1, 0));
    expect(result.status).toBe('insufficient_data');
    expect(metric(result, 'auc').currentLow).toBeNull();
  });

  it('leaves out non-finite scores', () => {
    const random = uniforms(13);
    const current = window(random, 300);
    current.predictions[0] = Number.NaN;
    current.predictions[1] = Number.POSITIVE_INFINITY;
    expect(estimate(window(random, 1_000), current).currentEvents).toBe(298);
  });
});
