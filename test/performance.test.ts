import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { inferTask } from '../src/performance/inferTask.js';
import { defaultPerformanceOptions } from '../src/performance/options.js';
import { performanceDrift } from '../src/performance/performanceDrift.js';
import { performanceStatus } from '../src/performance/performanceStatus.js';
import type { LabelledWindow, PerformanceMetric } from '../src/performance/result.js';
import { resolveRunOptions } from '../src/run/options.js';
import { uniforms } from './support/uniforms.js';

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

/**
 * n events, a share `positives` labelled 1: negatives score U(0, 1), positives U(lift, 1 + lift), so the
 * population AUC is 1 - (1 - lift)^2 / 2.
 */
function window(random: () => number, n: number, lift: number, positives = 0.3): LabelledWindow {
  const labels = Float64Array.from({ length: n }, () => (random() < positives ? 1 : 0));
  const predictions = labels.map((y) => random() + lift * y);
  return { predictions, labels };
}

const headline = (reference: number, current: number, low: number, high: number): PerformanceMetric => ({
  metric: 'auc',
  reference,
  current,
  change: current - reference,
  changeLow: low,
  changeHigh: high,
});
const options = defaultPerformanceOptions;
const enough = [100, 100] as const;

describe('the performance status', () => {
  it('warns when the AUC falls by more than 0.02 and alerts beyond 0.05, the interval below 0', () => {
    const status = (current: number) =>
      performanceStatus('binary_classification', headline(0.9, current, -0.1, -0.001), enough, options);
    expect([status(0.89), status(0.87), status(0.84)]).toEqual(['ok', 'warning', 'alert']);
  });

  it('stays ok when the interval includes no change, however large the fall', () => {
    expect(performanceStatus('binary_classification', headline(0.9, 0.7, -0.3, 0.01), enough, options)).toBe(
      'ok',
    );
  });

  it('stays ok when the AUC rises', () => {
    expect(performanceStatus('binary_classification', headline(0.7, 0.9, 0.1, 0.3), enough, options)).toBe(
      'ok',
    );
  });

  it('warns when the RMSE rises by more than 10% and alerts beyond 25%, the interval above 0', () => {
    const status = (current: number, low = 0.001) =>
      performanceStatus('regression', { ...headline(1, current, low, 1), metric: 'rmse' }, enough, options);
    expect([status(1.09), status(1.2), status(1.3), status(1.3, -0.01)]).toEqual([
      'ok',
      'warning',
      'alert',
      'ok',
    ]);
  });

  it('is insufficient_data below 30 labelled events in either window, or without both classes', () => {
    const fall = headline(0.9, 0.5, -0.5, -0.3);
    expect(performanceStatus('binary_classification', fall, [100, 29], options)).toBe('insufficient_data');
    expect(performanceStatus('binary_classification', { ...fall, current: null }, enough, options)).toBe(
      'insufficient_data',
    );
  });

  it('takes every threshold from the options', () => {
    const fall = headline(0.9, 0.87, -0.1, -0.001);
    const strict = { ...options, aucWarning: 0.005, aucAlert: 0.01 };
    expect(performanceStatus('binary_classification', fall, enough, strict)).toBe('alert');
    expect(performanceStatus('binary_classification', fall, [10, 10], { ...options, minEvents: 5 })).toBe(
      'warning',
    );
  });
});

describe('the task when model_metadata does not say', () => {
  const labelled = (predictions: number[], labels: number[]) => ({
    predictions: Float64Array.from(predictions),
    labels: Float64Array.from(labels),
  });

  it('is binary classification for labels 0 or 1 and predictions in [0, 1]', () => {
    expect(inferTask([labelled([0, 0.5, 1], [0, 1, 1])])).toBe('binary_classification');
  });

  it('is regression for a prediction outside [0, 1] or a label other than 0 or 1', () => {
    expect(inferTask([labelled([0.2], [1]), labelled([1.2], [1])])).toBe('regression');
    expect(inferTask([labelled([0.2], [0.5])])).toBe('regression');
  });

  it('is recorded as inferred', () => {
    const result = performanceDrift(jsKernel, {
      task: null,
      reference: labelled([0.1, 0.9], [0, 1]),
      current: labelled([0.2, 0.8], [0, 1]),
      options,
    });
    expect(result).toMatchObject({ task: 'binary_classification', taskSource: 'inferred' });
  });
});

describe('the bootstrap interval of the change', () => {
  const run = (kernel: Kernel, seed: number, lift = 0.6) => {
    const random = uniforms(7);
    return performanceDrift(kernel, {
      task: 'binary_classification',
      reference: window(random, 300, lift),
      current: window(random, 250, lift),
      options: { ...options, seed },
    }).metrics[0];
  };

  it('is the same for the same seed, on both kernels to the last bit', () => {
    const first = run(wasm, 5);
    expect(run(wasm, 5)).toEqual(first);
    expect(run(jsKernel, 5)).toEqual(first);
    expect(run(wasm, 6)?.changeLow).not.toBe(first?.changeLow);
  });

  it("does not depend on the order of the window's events (engines return rows in their own order)", () => {
    for (const task of ['binary_classification', 'regression'] as const) {
      const random = uniforms(3);
      const [reference, current] = [window(random, 200, 0.5), window(random, 200, 0.3)];
      const reversed = (w: LabelledWindow) => ({
        predictions: w.predictions.slice().reverse(),
        labels: w.labels.slice().reverse(),
      });
      const input = { task, reference, current, options };
      expect(performanceDrift(wasm, { ...input, current: reversed(current) })).toEqual(
        performanceDrift(wasm, input),
      );
    }
  });

  it('holds the change it resampled', () => {
    const auc = run(wasm, 5);
    expect(auc?.changeLow).toBeLessThan(auc?.change as number);
    expect(auc?.changeHigh).toBeGreaterThan(auc?.change as number);
  });

  it('covers the true change of the AUC about 95% of the time', () => {
    const random = uniforms(11);
    const trueAuc = (lift: number) => 1 - (1 - lift) ** 2 / 2;
    const trials = 120;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const [before, after] = t % 2 === 0 ? [0.5, 0.5] : [0.6, 0.4];
      const [auc] = performanceDrift(wasm, {
        task: 'binary_classification',
        reference: window(random, 300, before),
        current: window(random, 300, after),
        options: { ...options, seed: t },
      }).metrics;
      const truth = trueAuc(after) - trueAuc(before);
      if ((auc?.changeLow as number) <= truth && truth <= (auc?.changeHigh as number)) covered++;
    }
    // Binomial(120, 0.95) falls below 104 with probability under 1%; a broken interval covers far less.
    expect(covered).toBeGreaterThanOrEqual(104);
  });

  it('covers the true change of the RMSE about 95% of the time', () => {
    const random = uniforms(13);
    const trials = 120;
    let covered = 0;
    // Errors U(-a, a) have RMSE a / sqrt(3).
    const errors = (n: number, a: number): LabelledWindow => {
      const labels = Float64Array.from({ length: n }, () => random());
      return { labels, predictions: labels.map((y) => y + a * (2 * random() - 1)) };
    };
    for (let t = 0; t < trials; t++) {
      const [rmse] = performanceDrift(wasm, {
        task: 'regression',
        reference: errors(300, 1),
        current: errors(300, 1.2),
        options: { ...options, seed: t },
      }).metrics;
      const truth = 0.2 / Math.sqrt(3);
      if ((rmse?.changeLow as number) <= truth && truth <= (rmse?.changeHigh as number)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(104);
  });
});

describe('the performance options', () => {
  it('are checked with the run options, every problem named in one line', () => {
    const resolve = (performance: object) => resolveRunOptions({ database: 'x.duckdb', performance }, 2);
    expect(() => resolve({ threshold: 1.5, seed: -1 })).toThrow(
      'invalid options: performance.threshold must be a number from 0 to 1, got 1.5; ' +
        'performance.seed must be an integer from 0 to 4294967295, got -1',
    );
    expect(() => resolve({ aucWarning: 0.1, aucAlert: 0.05 })).toThrow(
      'invalid options: performance: aucWarning must be at most aucAlert, got 0.1 > 0.05',
    );
    expect(() => resolve({ resample: 10 })).toThrow('invalid options: unknown option performance.resample');
    expect(resolve({ seed: 7 }).performance).toEqual({ ...defaultPerformanceOptions, seed: 7 });
  });
});
