import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultCompareOptions } from '../src/compare/options.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { createDriftPool } from '../src/pool/driftPool.js';
import { type FeatureTask, runDriftTask } from '../src/pool/runDriftTask.js';
import { hourSlots } from '../src/signal/hourSlots.js';

// Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the parenthesised name).
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('the drift pool', () => {
  it('runs a numeric battery on a worker thread, the buffers moved rather than copied', async () => {
    const pool = await createDriftPool({ threads: 1, niceness: 19 });
    try {
      const reference = Float64Array.from({ length: 100 }, (_, i) => i);
      const current = Float64Array.from({ length: 100 }, (_, i) => i + 50);
      const { result } = await pool.run({
        kind: 'numeric',
        reference,
        current,
        options: defaultCompareOptions,
      });
      expect(result.ks?.statistic).toBe(0.5);
      expect(reference.byteLength).toBe(0);
      expect(current.byteLength).toBe(0);
    } finally {
      await pool.destroy();
    }
  });

  it("gives a batch's columns their hours and slots in shared memory: as in this thread, the caller's arrays kept", async () => {
    const pool = await createDriftPool({ threads: 1, niceness: 19 });
    const kernel = await loadWasmKernel();
    try {
      const start = 490_000;
      // Three days of reference hours (a cycle can be tested) and six hours of current ones.
      const hours = Float64Array.from({ length: 3_000 }, (_, i) => start + Math.floor(i / 40));
      const currentHours = Float64Array.from({ length: 300 }, (_, i) => start + 80 + Math.floor(i / 50));
      const slots = hourSlots(hours);
      const settings = {
        seasonality: 'auto' as const,
        chunks: { kind: 'span' as const, hours: 6 },
        cap: 250_000,
        referenceSpan: null,
        keepPhases: false,
      };
      const column = (shift: number): FeatureTask => ({
        kind: 'numeric',
        reference: Float64Array.from(hours, (hour, i) => Math.sin(i * 0.37) + (hour % 24) / 24),
        current: Float64Array.from(currentHours, (_, i) => Math.sin(i * 0.51) + shift),
        options: defaultCompareOptions,
        signal: { settings, currentHours, reference: { kind: 'rows', hours, slots } },
      });
      for (const shift of [0, 0.4]) {
        const here = runDriftTask(kernel, column(shift));
        const there = await pool.run(column(shift));
        expect(there).toEqual(here);
      }
      // Shared, not moved: the batch's other columns still have them.
      expect([hours.byteLength, currentHours.byteLength, slots.slots.byteLength]).toEqual([
        24_000, 2_400, 24_000,
      ]);
    } finally {
      await pool.destroy();
    }
  });

  it('runs a categorical battery', async () => {
    const pool = await createDriftPool({ threads: 1, niceness: 19 });
    try {
      const counts = (a: number, b: number) => ({
        counts: new Map([
          ['a', a],
          ['b', b],
        ]),
        missing: 0,
      });
      const { result } = await pool.run({
        kind: 'categorical',
        reference: counts(50, 50),
        current: counts(90, 10),
        options: defaultCompareOptions,
      });
      expect(result).toMatchObject({ kind: 'categorical', status: 'alert', chi2: { dof: 1 } });
    } finally {
      await pool.destroy();
    }
  });

  it('lowers the priority of its worker threads only', async () => {
    // The test process may itself run niced (a CI runner, `nice -n 19 npm test`): its threads keep that
    // value. Under nice 19 the workers' 19 equals it, and the test checks only that nothing else moved.
    const own = getPriority();
    const before = threadNiceValues();
    const pool = await createDriftPool({ threads: 2, niceness: 19 });
    try {
      const task = () => ({
        kind: 'numeric' as const,
        reference: new Float64Array([1, 2, 3]),
        current: new Float64Array([1, 2, 4]),
        options: defaultCompareOptions,
      });
      await Promise.all([pool.run(task()), pool.run(task())]);
      const after = threadNiceValues();
      const at = (values: number[], nice: number) => values.filter((value) => value === nice).length;
      expect(before.every((nice) => nice === own)).toBe(true);
      // Two more threads at 19 (the workers), and every thread that was there keeps the process's value.
      expect(at(after, 19)).toBeGreaterThanOrEqual(at(before, 19) + 2);
      expect(at(after, own)).toBeGreaterThanOrEqual(before.length);
    } finally {
      await pool.destroy();
    }
  });
});
