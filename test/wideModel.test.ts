import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine/openEngine.js';
import { defaultRunOptions } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { windowBatches } from '../src/store/fetchWindows.js';
import { openSource } from '../src/store/openSource.js';
import { rankWindow } from '../src/store/rankWindow.js';
import type { RowSet } from '../src/store/types.js';
import { settingsOf } from './support/engines.js';
import { execute, literal, METADATA_DDL, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

const FEATURES = Array.from({ length: 2000 }, (_, j) => `f${j}`);

/**
 * A table of 200 rows and 2,000 DOUBLE features, stored out of time order, and two models on it: `wide`
 * with every feature, `narrow` with its first and last.
 */
async function wideTable() {
  await execute(
    scratch.db,
    METADATA_DDL,
    `CREATE TABLE wide AS SELECT TIMESTAMP '2026-01-01' + to_minutes(i) AS event_time,
       ${FEATURES.map((name, j) => `(hash(i, ${j}) % 1000003)::DOUBLE / 1000003 AS ${name}`).join(', ')}
     FROM range(200) t(i) ORDER BY hash(i)`,
    `INSERT INTO model_metadata VALUES
       ('wide', 'production', [${FEATURES.map(literal).join(', ')}], 'wide', 'event_time'),
       ('narrow', 'production', ['f0', 'f1999'], 'wide', 'event_time')`,
  );
}

describe('a wide model', () => {
  it('of 2,000 DOUBLE features and 200 rows runs at the default duckdbMemoryLimit, with the numbers of a narrow model', async () => {
    await wideTable();
    expect(defaultRunOptions.duckdbMemoryLimit).toBe('64MB');
    const summary = await startServiceC({ database: scratch.db, threads: 1 }).done;
    const wide = summary.models.find((model) => model.model === 'wide');
    const narrow = summary.models.find((model) => model.model === 'narrow');
    expect(wide?.error).toBeNull();
    expect(wide?.features.map((feature) => feature.feature)).toEqual(FEATURES);
    expect(wide?.rowsAnalyzed).toBe(narrow?.rowsAnalyzed);
    // The batches change nothing: the first and last features as a two-feature model has them, before the
    // gate (which corrects over a model's family, 2,000 tests here and 2 there).
    for (const name of ['f0', 'f1999']) {
      const {
        gate: _w,
        status: _ws,
        ...inWide
      } = wide?.features.find((f) => f.feature === name)?.result ?? {};
      const {
        gate: _n,
        status: _ns,
        ...inNarrow
      } = narrow?.features.find((f) => f.feature === name)?.result ?? {};
      expect(inWide).toEqual(inNarrow);
    }
  });

  it('is read 256 columns at a time at most, however few its rows', async () => {
    await wideTable();
    const engine = await openEngine(scratch.db, settingsOf('node'));
    try {
      const rows: RowSet = { source: await openSource(engine, 'wide'), timestampColumn: 'event_time' };
      const window = rankWindow(200, 0, 1, 1000);
      const columns = new Map(FEATURES.map((name) => [name, 'numeric' as const]));
      const widths: number[] = [];
      for await (const [batch] of windowBatches(engine, [{ rows, window }], columns, 16 * 2 ** 20)) {
        widths.push(batch?.numeric.size ?? 0);
      }
      expect(widths).toEqual([256, 256, 256, 256, 256, 256, 256, 208]);
    } finally {
      await engine.close();
    }
  });
});
