import { describe, expect, it } from 'vitest';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { fetchWindows } from '../src/store/fetchWindows.js';
import { openSource } from '../src/store/openSource.js';

describe('fetchWindows', () => {
  it("gives each window's rows, columns, label counts and first and last timestamps, shuffled rows and overlapping windows alike", async () => {
    const engine = await openNodeEngine(':memory:', { threads: 1, memoryLimit: '64MB' });
    try {
      // Rows stored out of timestamp order; one NULL timestamp ranks last and has no time to report.
      await engine.run(`CREATE TABLE t AS SELECT * FROM (
        SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS ts, i::DOUBLE AS x, NULLIF(i % 3, 0)::DOUBLE AS y,
          ['a', 'b', NULL][i % 3 + 1] AS c
        FROM range(100) r(i) UNION ALL SELECT NULL, 100, 1, 'a') ORDER BY hash(x)`);
      const rows = { source: await openSource(engine, 't'), timestampColumn: 'ts' };
      const [early, late, all] = await fetchWindows(
        engine,
        [
          { rows, window: { start: 10, end: 20, stride: 2 } },
          { rows, window: { start: 95, end: 101, stride: 1 } },
          { rows, window: { start: 0, end: 101, stride: 1 } },
        ],
        new Map([
          ['x', 'numeric'],
          ['y', 'numeric'],
          ['c', 'categorical'],
        ]),
      );
      const second = (s: number) => Date.UTC(2026, 0, 1, 0, 0, s);
      expect(early).toMatchObject({ rows: 5, firstTime: second(10), lastTime: second(18) });
      expect([...(early?.numeric.get('x') ?? [])].sort((a, b) => a - b)).toEqual([10, 12, 14, 16, 18]);
      expect(late).toMatchObject({ rows: 6, firstTime: second(95), lastTime: second(99) });
      expect([...(late?.numeric.get('y') ?? [])].filter(Number.isNaN)).toHaveLength(2);
      expect(late?.categorical.get('c')).toEqual({
        counts: new Map([
          ['a', 3],
          ['b', 1],
        ]),
        missing: 2,
      });
      // Windows may overlap: a row of two windows comes out in both.
      expect(all).toMatchObject({ rows: 101, firstTime: second(0), lastTime: second(99) });
      expect(all?.categorical.get('c')?.missing).toBe(33);
    } finally {
      await engine.close();
    }
  });
});
