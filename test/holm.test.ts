import { describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import type { DriftResult } from '../src/compare/result.js';
import { applyGate } from '../src/signal/applyGate.js';
import { holm } from '../src/signal/holm.js';

describe('the correction across a model’s features (Holm)', () => {
  it('matches a hand-worked case: each sorted p-value times the tests left, never below the one before, at most 1', () => {
    // Sorted: 0.005 (×4 = 0.02), 0.01 (×3 = 0.03), 0.03 (×2 = 0.06), 0.04 (×1 = 0.04, raised to 0.06 so the
    // adjusted values never decrease); back in the given order.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => Number(p?.toPrecision(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    // 0.3 × 3 = 0.9; 0.4 × 2 = 0.8, raised to 0.9; 0.6 × 1 = 0.6, raised to 0.9. A large one is capped at 1.
    expect(holm([0.4, 0.3, 0.6]).map((p) => Number(p?.toPrecision(12)))).toEqual([0.9, 0.9, 0.9]);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });

  it('leaves out a feature without a test: the family is the features that have one', () => {
    // Two tests: 0.01 × 2 = 0.02, 0.2 × 1 = 0.2.
    expect(holm([0.2, null, 0.01])).toEqual([0.2, null, 0.02]);
  });

  it('keeps a status above ok only when the adjusted p-value is below gateAlpha, and says what it was', async () => {
    const shifted = await compare(
      Array.from({ length: 400 }, (_, i) => i / 400),
      Array.from({ length: 400 }, (_, i) => i / 400 + 0.3),
    );
    expect(shifted.status).toBe('alert');
    const p = shifted.gate?.pvalue as number;
    // Their quality is ok: the gate alone decides (the quality's rules are their own, docs/data-quality.md).
    const weak = (pvalue: number): DriftResult => ({
      ...shifted,
      quality: { ...shifted.quality, status: 'ok', signal: null },
      status: 'warning',
      gate: { dispersion: 1, windows: 0, pvalue, pvalueAdjusted: null, statusBeforeGate: 'warning' },
    });
    // 0.006 alone is below 0.01. In a family with a tiny p-value (×3) and 0.5, it is second smallest:
    // 0.006 × 2 = 0.012, not below 0.01.
    const [alone] = applyGate([weak(0.006)], 0.01);
    expect(alone).toMatchObject({ status: 'warning', gate: { pvalueAdjusted: 0.006 } });
    const family = applyGate([weak(0.006), weak(0.5), shifted], 0.01);
    expect(family.map((r) => r.status)).toEqual(['ok', 'ok', 'alert']);
    expect(family.map((r) => r.gate?.statusBeforeGate)).toEqual(['warning', 'warning', 'alert']);
    expect(family[0]?.gate?.pvalueAdjusted).toBeCloseTo(0.012, 12);
    expect(family[2]?.gate?.pvalueAdjusted).toBe(Math.min(1, 3 * p));
  });
});
