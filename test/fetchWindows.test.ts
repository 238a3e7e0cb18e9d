import { describe, expect, it } from 'vitest';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { fetchWindows, windowBatches } from '../src/store/fetchWindows.js';
import { openSource } from '../src/store/openSource.js';
import type { FetchedWindow } from '../src/store/types.js';

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

  it('gives the same windows batch by batch: each numeric column in one batch, rows, times and counts in every one', async () => {
    const engine = await openNodeEngine(':memory:', { threads: 1, memoryLimit: '64MB' });
    try {
      const rowsOf = `SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS ts, i::DOUBLE AS x, (i % 7)::DOUBLE AS y,
        sqrt(i) AS z, ['a', 'b'][i % 2 + 1] AS c FROM range(200) r(i)`;
      await engine.run(`CREATE TABLE ordered AS ${rowsOf} ORDER BY ts`);
      await engine.run(`CREATE TABLE shuffled AS ${rowsOf} ORDER BY hash(x)`);
      const columns = new Map([
        ['x', 'numeric'],
        ['c', 'categorical'],
        ['y', 'numeric'],
        ['z', 'numeric'],
      ] as const);
      for (const table of ['ordered', 'shuffled']) {
        const all = { source: await openSource(engine, table), timestampColumn: 'ts' };
        // A second row set of the same source: the even rows only.
        const even = { ...all, filter: { sql: 'x % 2 = ?', params: [0] } };
        const sources = [
          { rows: all, window: { start: 100, end: 140, stride: 2 } },
          { rows: all, window: { start: 190, end: 200, stride: 1 } },
          { rows: even, window: { start: 0, end: 50, stride: 1 } },
        ];
        const whole = await fetchWindows(engine, sources, columns);
        const batches: FetchedWindow[][] = [];
        // Eight bytes: a batch of one column.
        for await (const batch of windowBatches(engine, sources, columns, 8)) batches.push(batch);
        expect(batches.map((batch) => [...(batch[0]?.numeric.keys() ?? [])])).toEqual([['x'], ['y'], ['z']]);
        for (const batch of batches) {
          for (const [i, window] of batch.entries()) {
            const { numeric: _, ...rest } = whole[i] as FetchedWindow;
            expect(window).toMatchObject(rest);
          }
        }
        const joined = sources.map(
          (_, i) => new Map(batches.flatMap((batch) => [...(batch[i]?.numeric ?? [])])),
        );
        const sorted = (values: Float64Array | undefined) => [...(values ?? [])].sort((a, b) => a - b);
        for (const [i, window] of whole.entries()) {
          for (const [name, values] of window.numeric)
            expect(sorted(joined[i]?.get(name))).toEqual(sorted(values));
        }
        expect(whole[2]?.rows).toBe(50);
        expect(sorted(whole[2]?.numeric.get('x'))).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i));
      }
      // Every rank table is gone afterwards.
      expect(
        await engine.rows(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'drift_window_rows%'`),
      ).toEqual([[0]]);
    } finally {
      await engine.close();
    }
  });
});
