import { describe, expect, it } from 'vitest';
import { driftStatus } from '../src/compare/driftStatus.js';
import { defaultCompareOptions } from '../src/compare/options.js';
import type { DriftResult, WindowSummary } from '../src/compare/result.js';

const window = (count: number): WindowSummary => ({
  count,
  missing: 0,
  mean: 0,
  variance: 1,
  min: 0,
  max: 1,
});
const status = (psi: number | null, ks: DriftResult['ks'] = null, counts: [number, number] = [1000, 1000]) =>
  driftStatus({ reference: window(counts[0]), current: window(counts[1]), psi, ks }, defaultCompareOptions);
const ks = (statistic: number, pvalue: number) => ({ statistic, pvalue, method: 'asymp' as const });

describe('driftStatus', () => {
  it('is ok below a PSI of 0.1', () => expect(status(0.0999)).toBe('ok'));
  it('warns from a PSI of exactly 0.1', () => expect(status(0.1)).toBe('warning'));
  it('still warns at a PSI of exactly 0.25', () => expect(status(0.25)).toBe('warning'));
  it('alerts above a PSI of 0.25', () => expect(status(0.2500001)).toBe('alert'));
  it('does not let a tiny KS p-value alone lift ok', () => expect(status(0.01, ks(0.05, 1e-30))).toBe('ok'));
  it('does not let a large KS statistic alone lift ok', () => expect(status(0.01, ks(0.3, 0.2))).toBe('ok'));
  it('lifts ok to warning when KS has p < 0.05 and D > 0.1', () =>
    expect(status(0.01, ks(0.11, 0.04))).toBe('warning'));
  it('never lowers an alert because KS is quiet', () => expect(status(0.3, ks(0, 1))).toBe('alert'));
  it('is insufficient_data under 30 values in either window', () => {
    expect(status(0.5, null, [29, 1000])).toBe('insufficient_data');
    expect(status(0.5, null, [1000, 29])).toBe('insufficient_data');
    expect(status(0.5, null, [30, 30])).toBe('alert');
  });
  it('is insufficient_data when PSI could not be computed', () =>
    expect(status(null)).toBe('insufficient_data'));
});
