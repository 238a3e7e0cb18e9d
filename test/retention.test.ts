import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine/openEngine.js';
import { defaultRunOptions, defaultSchema, type Retention, resolveRunOptions } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { pruneDriftResults } from '../src/store/pruneDriftResults.js';
import { createHistory, type PastRun } from './support/driftHistory.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { engines, settingsOf } from './support/engines.js';
import { query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 5, 1, 12));
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** Prunes a made-up history and gives what is left: `model run` for each model row, and the deleted count. */
async function prune(runs: PastRun[], retention: Retention) {
  await createHistory(scratch.db, runs);
  const engine = await openEngine(scratch.db, settingsOf('node'));
  let deleted: number;
  try {
    deleted = await pruneDriftResults(engine, defaultSchema, retention, NOW);
  } finally {
    await engine.close();
  }
  const kept = await query(
    scratch.db,
    `SELECT model_name || ' ' || run_id AS run, count(*)::INTEGER AS rows FROM drift_results
     GROUP BY ALL ORDER BY ALL`,
  );
  return { deleted, kept: kept.map((row) => row.run), rows: kept };
}

describe('pruneDriftResults', () => {
  it('deletes the runs older than N days and keeps a run exactly N days old', async () => {
    const { deleted, kept } = await prune(
      [
        { model: 'a', run: 'r1', at: ago(10 * DAY + 1) },
        { model: 'a', run: 'r2', at: ago(10 * DAY) },
        { model: 'a', run: 'r3', at: ago(DAY) },
      ],
      { days: 10, runsPerModel: null },
    );
    expect(kept).toEqual(['a r2', 'a r3']);
    // The run's two feature rows and its model row.
    expect(deleted).toBe(3);
  });

  it("keeps each model's newest N runs, counted per model", async () => {
    const runs = ['r1', 'r2', 'r3', 'r4'].map((run, i) => ({ model: 'a', run, at: ago((4 - i) * DAY) }));
    const { kept } = await prune(
      [...runs, { model: 'b', run: 'r1', at: ago(9 * DAY) }, { model: 'b', run: 'r2', at: ago(8 * DAY) }],
      {
        days: null,
        runsPerModel: 2,
      },
    );
    expect(kept).toEqual(['a r3', 'a r4', 'b r1', 'b r2']);
  });

  it('breaks a tie in time by run id, so that exactly N runs stay', async () => {
    const runs = ['r1', 'r2', 'r3'].map((run) => ({ model: 'a', run, at: ago(DAY) }));
    const { kept } = await prune(runs, { days: null, runsPerModel: 2 });
    expect(kept).toEqual(['a r2', 'a r3']);
  });

  it("keeps a model's newest run however old it is", async () => {
    const { kept } = await prune(
      [
        { model: 'a', run: 'r1', at: ago(400 * DAY) },
        { model: 'a', run: 'r2', at: ago(300 * DAY) },
        { model: 'gone', run: 'r0', at: ago(500 * DAY) },
      ],
      { days: 90, runsPerModel: 1 },
    );
    expect(kept).toEqual(['a r2', 'gone r0']);
  });

  it('never deletes a result that is not yet published, nor any of its rows', async () => {
    const { kept, rows } = await prune(
      [
        { model: 'a', run: 'r1', at: ago(200 * DAY), pending: true },
        { model: 'a', run: 'r2', at: ago(100 * DAY) },
        { model: 'a', run: 'r3', at: ago(DAY), pending: true },
      ],
      { days: 90, runsPerModel: 1 },
    );
    expect(kept).toEqual(['a r1', 'a r3']);
    expect(rows[0]?.rows).toBe(3);
  });

  it('deletes nothing when both rules are off', async () => {
    const { deleted, kept } = await prune(
      [
        { model: 'a', run: 'r1', at: ago(1000 * DAY) },
        { model: 'a', run: 'r2', at: ago(DAY) },
      ],
      { days: null, runsPerModel: null },
    );
    expect([deleted, kept]).toEqual([0, ['a r1', 'a r2']]);
  });
});

describe('the retention options', () => {
  it('keep 90 days by default, with no limit on runs', () => {
    expect(defaultRunOptions.retention).toEqual({ days: 90, runsPerModel: null });
    expect(resolveRunOptions({ database: 'x.duckdb', retention: { runsPerModel: 5 } }, 2).retention).toEqual({
      days: 90,
      runsPerModel: 5,
    });
  });

  it.each<[object, string]>([
    [{ days: 0 }, 'retention.days must be a positive number, got 0'],
    [{ days: Number.NaN }, 'retention.days must be a positive number, got NaN'],
    [{ runsPerModel: 1.5 }, 'retention.runsPerModel must be an integer of at least 1, got 1.5'],
    [{ runsPerModel: 0 }, 'retention.runsPerModel must be an integer of at least 1, got 0'],
    [{ weeks: 2 }, 'unknown option retention.weeks'],
  ])('reject %o', (retention, message) => {
    expect(() => resolveRunOptions({ database: 'x.duckdb', retention: retention as Retention }, 2)).toThrow(
      message,
    );
  });
});

describe.each(engines)('a run with the %s engine', (engine) => {
  it('applies the retention once its models are written, and counts the rows it deleted', async () => {
    await createDriftPlatform(scratch.db, { rows: 400, models: { a: ['clean'], b: ['channel'] } });
    // Without the outbox nothing waits to be published, so nothing holds the retention back.
    const old = await startServiceC({ database: scratch.db, now: () => ago(2 * DAY), outbox: false }).done;
    expect(old.prunedRows).toBe(0);
    expect(await query(scratch.db, 'SELECT * FROM drift_outbox')).toEqual([]);
    const run = await startServiceC({ database: scratch.db, engine, now: () => NOW, retention: { days: 1 } })
      .done;
    // Each model's old run: its feature, its prediction and its own row.
    expect(run.prunedRows).toBe(6);
    expect(await query(scratch.db, 'SELECT DISTINCT run_id FROM drift_results')).toEqual([
      { run_id: run.runId },
    ]);
  });
});
