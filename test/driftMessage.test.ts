import { describe, expect, it } from 'vitest';
import {
  driftMessage,
  type FeatureResultRow,
  type ModelResultRow,
  type PerformanceResultRow,
} from '../src/publish/driftMessage.js';

const model: ModelResultRow = {
  runId: '7f1c2a50-0000-4000-8000-000000000001',
  model: 'churn_predictor',
  status: 'alert',
  score: 0.1 + 0.2,
  computedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
};

const numeric: FeatureResultRow = {
  feature: 'monthly_charges',
  psi: 0.373,
  ksStatistic: 0.141,
  ksPValue: 1e-300,
  status: 'alert',
};
const categorical: FeatureResultRow = {
  feature: 'channel',
  psi: 0.02,
  ksStatistic: null,
  ksPValue: null,
  status: 'ok',
};

const noEstimate = {
  calibration: null,
  currentLow: null,
  currentHigh: null,
  realizedCurrent: null,
  error: null,
};

describe('driftMessage', () => {
  it('lists the fields of version 1 in their order, then schema_version, message, score_source, prediction, windows and thresholds', () => {
    expect(driftMessage(model, [numeric]).map(([field]) => field)).toEqual([
      'run_id',
      'model',
      'status',
      'score',
      'computed_at',
      'features',
      'performance',
      'performance_estimated',
      'schema_version',
      'message',
      'score_source',
      'prediction',
      'windows',
      'thresholds',
    ]);
  });

  it('writes the performance status, task and each metric with its change and interval', () => {
    const auc: PerformanceResultRow = {
      metric: 'auc',
      task: 'binary_classification',
      status: 'alert',
      reference: 0.91,
      current: 0.82,
      change: 0.82 - 0.91,
      changeLow: -0.12,
      changeHigh: -0.06,
      ...noEstimate,
    };
    const brier = { ...auc, metric: 'brier', changeLow: null, changeHigh: null };
    const fields = Object.fromEntries(driftMessage(model, [], [auc, brier]));
    expect(JSON.parse(fields.performance ?? '')).toEqual({
      status: 'alert',
      task: 'binary_classification',
      metrics: {
        auc: { reference: 0.91, current: 0.82, change: 0.82 - 0.91, changeLow: -0.12, changeHigh: -0.06 },
        brier: { reference: 0.91, current: 0.82, change: 0.82 - 0.91, changeLow: null, changeHigh: null },
      },
    });
  });

  it('writes an empty performance for a model without labelled events', () => {
    expect(Object.fromEntries(driftMessage(model, [])).performance).toBe('');
  });

  it('writes the estimated performance: status, calibration, each metric with its intervals, realized value and error', () => {
    const auc: PerformanceResultRow = {
      metric: 'auc',
      task: 'binary_classification',
      status: 'warning',
      reference: 0.8,
      current: 0.77,
      change: 0.77 - 0.8,
      changeLow: -0.05,
      changeHigh: -0.01,
      calibration: 'isotonic',
      currentLow: 0.75,
      currentHigh: 0.79,
      realizedCurrent: null,
      error: null,
    };
    const fields = Object.fromEntries(driftMessage(model, [], [], [auc]));
    expect(JSON.parse(fields.performance_estimated ?? '')).toEqual({
      status: 'warning',
      calibration: 'isotonic',
      metrics: {
        auc: {
          reference: 0.8,
          current: 0.77,
          change: 0.77 - 0.8,
          changeLow: -0.05,
          changeHigh: -0.01,
          currentLow: 0.75,
          currentHigh: 0.79,
          realizedCurrent: null,
          error: null,
        },
      },
    });
    expect(fields.performance_estimated).not.toBe('');
    expect(Object.fromEntries(driftMessage(model, [])).performance_estimated).toBe('');
  });

  it('writes the score so that it parses back to the same double, and the time as ISO 8601 UTC', () => {
    const fields = Object.fromEntries(driftMessage(model, []));
    expect(fields).toMatchObject({
      run_id: model.runId,
      model: 'churn_predictor',
      status: 'alert',
      score: '0.30000000000000004',
      computed_at: '2026-01-02T03:04:05.678Z',
    });
    expect(Number(fields.score)).toBe(model.score);
  });

  it('writes an empty score when the model has none', () => {
    const fields = Object.fromEntries(driftMessage({ ...model, score: null, status: 'error' }, []));
    expect(fields.score).toBe('');
    expect(fields.features).toBe('{}');
  });

  it('maps each feature to its PSI, KS statistic, KS p-value and status, KS null when categorical', () => {
    const fields = Object.fromEntries(driftMessage(model, [categorical, numeric]));
    expect(JSON.parse(fields.features ?? '')).toEqual({
      channel: { psi: 0.02, ks: null, ksPValue: null, status: 'ok' },
      monthly_charges: { psi: 0.373, ks: 0.141, ksPValue: 1e-300, status: 'alert' },
    });
  });

  it('keeps hostile feature names as keys, "__proto__" included', () => {
    const names = ['__proto__', 'a "quoted", name', `x'); DROP TABLE drift_results; --`];
    const fields = Object.fromEntries(
      driftMessage(
        model,
        names.map((feature) => ({ ...numeric, feature })),
      ),
    );
    const features = JSON.parse(fields.features ?? '') as object;
    expect(Object.keys(features)).toEqual(names);
    expect(Object.getPrototypeOf(features)).toBe(Object.prototype);
  });
});
