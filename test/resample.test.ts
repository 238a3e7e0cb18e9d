import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCompareOptions } from '../src/compare/options.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { phaseOf } from '../src/signal/cycle.js';
import { phaseCounts, phaseValues, rowsPerPhase } from '../src/signal/phaseSamples.js';
import { resampleCounts, resampleValues } from '../src/signal/resample.js';
import { prepareNumeric } from '../src/signal/seasonalTask.js';
import { stratifiedSizes } from '../src/signal/stratifiedSizes.js';
import { uniforms } from './support/uniforms.js';

const WEEK = 168;
/** Hour 0 of the reference: a Monday 00:00 UTC (1970-01-05, 96 hours after the epoch). */
const MONDAY = 96;

/** Four weeks of reference rows, 1 to 40 a hour; each value says its hour of the week (phase · 1000 + noise). */
function reference(seed: number) {
  const next = uniforms(seed);
  const hours: number[] = [];
  const values: number[] = [];
  for (let h = MONDAY; h < MONDAY + 4 * WEEK; h++) {
    const rows = 1 + Math.floor(next() * 40);
    for (let r = 0; r < rows; r++) {
      hours.push(h);
      values.push(r % 7 === 3 ? Number.NaN : phaseOf(h, 'week') * 1000 + next());
    }
  }
  return { hours: Float64Array.from(hours), values: Float64Array.from(values) };
}

/** A current window of 42 hours from a Friday 18:00, its rows per hour uneven. */
function currentHours(): Float64Array {
  const hours: number[] = [];
  for (let k = 0; k < 42; k++)
    for (let r = 0; r < 5 + ((k * 7) % 11); r++) hours.push(MONDAY + 5 * WEEK + 4 * 24 + 18 + k);
  return Float64Array.from(hours);
}

/** The same rows in another order. */
function shuffled<T extends { hours: Float64Array; values: Float64Array }>(rows: T, seed: number): T {
  const next = uniforms(seed);
  const order = [...rows.hours.keys()].sort(() => next() - 0.5);
  return {
    ...rows,
    hours: Float64Array.from(order, (i) => rows.hours[i] as number),
    values: Float64Array.from(order, (i) => rows.values[i] as number),
  };
}

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadWasmKernel();
});

describe('the resampled reference', () => {
  it('has the current window’s phase mix: n_p = floor(N* · m_p / m), N* the largest every phase can give', () => {
    const { hours, values } = reference(1);
    const current = rowsPerPhase(currentHours(), 'week');
    const phases = phaseValues(kernel, values, hours, 'week');
    const available = new Map([...phases].map(([p, sample]) => [p, sample.length]));
    const sized = stratifiedSizes(available, current, 250_000);
    if (!('sizes' in sized)) throw new Error('a phase is missing');
    const m = [...current.values()].reduce((a, b) => a + b, 0);
    const size = Math.min(
      ...[...current].map(([p, rows]) => Math.floor(((available.get(p) as number) * m) / rows)),
    );
    const resampled = resampleValues(phases, sized.sizes);
    // Each kept value says its phase (NaN: counted by its position in its phase's run).
    const kept = new Map<number, number>();
    let at = 0;
    for (const [phase, n] of sized.sizes) {
      expect(n).toBe(Math.floor((size * (current.get(phase) as number)) / m));
      for (let j = 0; j < n; j++, at++) {
        const value = resampled[at] as number;
        if (!Number.isNaN(value)) expect(Math.floor(value / 1000)).toBe(phase);
      }
      kept.set(phase, n);
    }
    expect(at).toBe(resampled.length);
    // The mix: each phase's share of the reference is its share of the current window, to within 1/N.
    for (const [phase, rows] of current) {
      expect(Math.abs((kept.get(phase) as number) / resampled.length - rows / m)).toBeLessThanOrEqual(
        current.size / resampled.length,
      );
    }
  });

  it('is the same bit for bit whatever the rows’ order: it depends only on each phase’s values', () => {
    const rows = reference(2);
    const settings = {
      seasonality: 'week' as const,
      chunks: { kind: 'span' as const, hours: 42 },
      cap: 250_000,
      referenceSpan: null,
      keepPhases: false,
    };
    const prepared = (r: typeof rows) =>
      prepareNumeric(
        kernel,
        r.values,
        { settings, currentHours: currentHours(), reference: { kind: 'rows', hours: r.hours } },
        defaultCompareOptions,
      ).reference;
    const first = prepared(rows);
    expect(prepared(rows)).toEqual(first);
    expect(prepared(shuffled(rows, 3))).toEqual(first);
    expect(first.length).toBeGreaterThan(1000);
  });

  it('splits by phase as a typed array sorts each phase: -0 before +0, infinities in place, NaN last', () => {
    const { hours, values } = reference(4);
    const awkward = [
      -0,
      0,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -Number.NaN,
      1e-320,
    ];
    awkward.forEach((value, i) => {
      values[i * 97] = value;
    });
    for (const cycle of ['none', 'day', 'week'] as const) {
      const expected = new Map<number, number[]>();
      hours.forEach((hour, i) => {
        const phase = phaseOf(hour, cycle);
        if (!expected.has(phase)) expected.set(phase, []);
        expected.get(phase)?.push(values[i] as number);
      });
      const split = phaseValues(kernel, values, hours, cycle);
      expect([...split.keys()]).toEqual([...expected.keys()].sort((a, b) => a - b));
      // toEqual tells -0 from +0.
      for (const [phase, sample] of split) {
        expect(sample).toEqual(Float64Array.from(expected.get(phase) as number[]).sort());
      }
      expect(phaseValues(jsKernel, values, hours, cycle)).toEqual(split);
    }
  });

  it('selects categories at the same ranks from counts alone, missing last', () => {
    // Phase 0: 3 'a', 1 'b', 2 missing (6 rows, sorted a a a b ∅ ∅); keep 3: ranks floor((j + 0.5) · 6 / 3) = 1, 3, 5.
    const hourly = {
      hours: Float64Array.of(0, 0, 0),
      labels: ['b', 'a', null],
      counts: Float64Array.of(1, 3, 2),
    };
    const phases = phaseCounts(hourly, 'none');
    expect(resampleCounts(phases, new Map([[0, 3]]))).toEqual({
      counts: new Map([
        ['a', 1],
        ['b', 1],
      ]),
      missing: 1,
    });
    // All of them: the counts as they are.
    expect(resampleCounts(phases, new Map([[0, 6]]))).toEqual({
      counts: new Map([
        ['a', 3],
        ['b', 1],
      ]),
      missing: 2,
    });
  });
});
