// The pure text of the dashboard's performance card: changes and their intervals, metric names, where the
// task came from, and why a performance is insufficient data, on results of the real comparison.
import { describe, expect, it } from 'vitest';
import type { ModelPerformance } from '../src/api/dashboard.js';
import { taskMessage, taskSourceOf } from '../src/api/taskSource.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import { defaultPerformanceOptions } from '../src/performance/options.js';
import { type PerformanceInput, performanceDrift } from '../src/performance/performanceDrift.js';
import type { LabelledWindow } from '../src/performance/result.js';
import { formatChange, formatChangeWithInterval } from '../src/web/formatChange.js';
import { insufficientReason } from '../src/web/insufficientReason.js';
import { metricLabel } from '../src/web/metricLabel.js';

describe('formatChange', () => {
  it('signs every change, with a true minus sign, and shows the size as any number', () => {
    expect(
      [-0.29213, 0.0251, 12.345678, -3e-5, 0.5, 2_500_000].map((value) => [value, formatChange(value)]),
    ).toEqual([
      [-0.29213, '\u22120.292'],
      [0.0251, '+0.025'],
      [12.345678, '+12.35'],
      [-3e-5, '\u22123.0e-5'],
      [0.5, '+0.500'],
      [2_500_000, '+2.50e+6'],
    ]);
  });

  it('shows no change as 0 and a missing one as a dash', () => {
    expect([formatChange(0), formatChange(null), formatChange(undefined), formatChange(Number.NaN)]).toEqual([
      '0',
      '–',
      '–',
      '–',
    ]);
  });
});

describe('formatChangeWithInterval', () => {
  it('puts the interval in brackets after the change', () => {
    expect(formatChangeWithInterval(-0.292, -0.315, -0.262)).toBe('\u22120.292 [\u22120.315, \u22120.262]');
    expect(formatChangeWithInterval(0.004, -0.022, 0.025)).toBe('+0.004 [\u22120.022, +0.025]');
  });

  it('shows the change alone when it has no interval', () => {
    expect(formatChangeWithInterval(-0.01, null, null)).toBe('\u22120.010');
    expect(formatChangeWithInterval(null, null, null)).toBe('–');
  });
});

describe('metricLabel', () => {
  it('names each metric of both tasks as people write it, and an unknown one as it came', () => {
    const names = ['auc', 'log_loss', 'brier', 'accuracy', 'positive_rate', 'rmse', 'mae', 'mean_error'];
    expect(names.map(metricLabel)).toEqual([
      'AUC',
      'log loss',
      'Brier score',
      'accuracy',
      'positive rate',
      'RMSE',
      'MAE',
      'mean error',
    ]);
    expect(['precision', 'recall', 'f1'].map(metricLabel)).toEqual(['precision', 'recall', 'F1']);
    expect(metricLabel('ranking_loss')).toBe('ranking_loss');
  });
});

describe('taskSourceOf', () => {
  it('reads back where the task came from out of the message the run writes', () => {
    for (const task of ['binary_classification', 'regression']) {
      for (const source of ['inferred', 'model_metadata'] as const) {
        expect(taskSourceOf(taskMessage(task, source))).toBe(source);
      }
    }
    expect(taskMessage('regression', 'model_metadata')).toBe('task regression (model metadata)');
  });

  it('says nothing for any other message', () => {
    for (const message of [
      null,
      '',
      'task regression',
      'no events: the model score is the largest feature PSI',
    ]) {
      expect(taskSourceOf(message)).toBeNull();
    }
  });
});

/** A 32-bit LCG in [0, 1): the test's own reproducible draws. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** n events, a share `positives` labelled 1, positives scoring higher. */
function window(random: () => number, n: number, positives: number): LabelledWindow {
  const labels = Float64Array.from({ length: n }, () => (random() < positives ? 1 : 0));
  return { predictions: labels.map((y) => (random() + y) / 2), labels };
}

/** The real comparison's result as /api/performance answers it. */
function performanceOf(reference: LabelledWindow, current: LabelledWindow, task: PerformanceInput['task']) {
  const result = performanceDrift(jsKernel, { task, reference, current, options: defaultPerformanceOptions });
  const side = (events: number) => ({ events, firstTime: null, lastTime: null });
  return {
    model: 'm',
    runId: 'r',
    computedAt: '2026-03-01T00:00:00.000Z',
    task: result.task,
    status: result.status,
    message: taskMessage(result.task, result.taskSource),
    reference: side(result.referenceEvents),
    current: side(result.currentEvents),
    metrics: result.metrics,
    estimated: null,
  } satisfies ModelPerformance;
}

describe('insufficientReason', () => {
  const random = uniforms(12);
  const plenty = () => window(random, 400, 0.3);

  it('says nothing when the performance was compared', () => {
    const performance = performanceOf(plenty(), plenty(), null);
    expect(performance.status).not.toBe('insufficient_data');
    expect(insufficientReason(performance)).toBeNull();
  });

  it('names the window whose labels are all of one class: it has no AUC', () => {
    const performance = performanceOf(plenty(), window(random, 400, 0), 'binary_classification');
    expect(performance.status).toBe('insufficient_data');
    expect(insufficientReason(performance)).toBe(
      'The current window holds labels of one class only, so there is no AUC to compare.',
    );
    const both = performanceOf(window(random, 400, 1), window(random, 400, 0), 'binary_classification');
    expect(insufficientReason(both)).toBe(
      'Both windows hold labels of one class only, so there is no AUC to compare.',
    );
  });

  it('names the smaller window and its count when it has too few labelled events', () => {
    const few = performanceOf(window(random, 12, 0.5), plenty(), null);
    expect(few.status).toBe('insufficient_data');
    expect(few.metrics[0]?.reference).not.toBeNull();
    expect(insufficientReason(few)).toBe(
      "Too few labelled events: the reference window has only 12 labelled events, fewer than the run's minimum (performance.minEvents).",
    );
    const one = performanceOf(
      plenty(),
      { predictions: Float64Array.of(2.5), labels: Float64Array.of(3) },
      null,
    );
    expect(one.task).toBe('regression');
    expect(insufficientReason(one)).toMatch(/the current window has only 1 labelled event,/);
  });

  it('says a window with no labelled events has none, not that it holds one class', () => {
    const empty = { predictions: new Float64Array(0), labels: new Float64Array(0) };
    const performance = performanceOf(plenty(), empty, 'binary_classification');
    expect(performance.status).toBe('insufficient_data');
    expect(insufficientReason(performance)).toMatch(/the current window has no labelled events,/);
  });
});
