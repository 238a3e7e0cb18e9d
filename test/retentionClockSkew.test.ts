import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine/openEngine.js';
import { defaultSchema } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { pruneDriftResults } from '../src/store/pruneDriftResults.js';
import { createHistory } from './support/driftHistory.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { settingsOf } from './support/engines.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 5, 1, 12));
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

describe('the retention and rows dated in the future', () => {
  it('neither counts a future-dated run as the newest nor deletes it', async () => {
    await createHistory(scratch.db, [
      { model: 'a', run: 'older', at: at(-2) },
      { model: 'a', run: 'newest', at: at(-1) },
      { model: 'a', run: 'ahead', at: at(365) },
    ]);
    const engine = await openEngine(scratch.db, settingsOf('node'));
    try {
      await pruneDriftResults(engine, defaultSchema, { days: null, runsPerModel: 1 }, NOW);
    } finally {
      await engine.close();
    }
    const kept = await query(
      scratch.db,
      "SELECT run_id FROM drift_results WHERE target = 'model' ORDER BY 1",
    );
    expect(kept.map((row) => row.run_id)).toEqual(['ahead', 'newest']);
  });

  it("never deletes the run applying it, even one dated before another's newest", async () => {
    await createHistory(scratch.db, [{ model: 'a', run: 'later', at: at(-1) }]);
    const engine = await openEngine(scratch.db, settingsOf('node'));
    try {
      await engine.run(
        `INSERT INTO drift_results (run_id, model_name, target, status, computed_at)
         VALUES ('this', 'a', 'model', 'ok', ?::TIMESTAMP)`,
        [at(-2)],
      );
      await pruneDriftResults(engine, defaultSchema, { days: null, runsPerModel: 1 }, NOW, 'this');
    } finally {
      await engine.close();
    }
    const kept = await query(
      scratch.db,
      "SELECT run_id FROM drift_results WHERE target = 'model' ORDER BY 1",
    );
    expect(kept.map((row) => row.run_id)).toEqual(['later', 'this']);
  });

  it('a run keeps its own results beside a copied run dated a year ahead, and says so', async () => {
    await createDriftPlatform(scratch.db, { rows: 400, models: { a: ['clean'], b: ['channel'] } });
    const first = await startServiceC({ database: scratch.db, outbox: false }).done;
    // The recipe: one run's rows copied under another id, dated 365 days ahead.
    await execute(
      scratch.db,
      `CREATE TEMP TABLE copied AS SELECT * FROM drift_results;
       UPDATE copied SET run_id = 'copied', computed_at = computed_at + INTERVAL 365 DAY;
       INSERT INTO drift_results SELECT * FROM copied`,
    );
    const run = await startServiceC({ database: scratch.db, outbox: false, retention: { runsPerModel: 1 } })
      .done;
    const runs = await query(
      scratch.db,
      "SELECT model_name, run_id FROM drift_results WHERE target = 'model' ORDER BY model_name, run_id = 'copied'",
    );
    expect(runs).toEqual([
      { model_name: 'a', run_id: run.runId },
      { model_name: 'a', run_id: 'copied' },
      { model_name: 'b', run_id: run.runId },
      { model_name: 'b', run_id: 'copied' },
    ]);
    expect(first.runId).not.toBe(run.runId);
    // Every model's latest state points at rows that exist.
    const latest = await query(
      scratch.db,
      `SELECT count(*)::INTEGER AS orphans FROM model_metadata m WHERE NOT EXISTS (
         SELECT 1 FROM drift_results r WHERE r.model_name = m.model_name AND r.computed_at = m.last_drift_run_at)`,
    );
    expect(latest).toEqual([{ orphans: 0 }]);
    expect(run.warnings).toContainEqual(
      expect.stringMatching(
        /^2 runs in "drift_results" dated after now \(.*; a clock ahead or copied rows\): kept, and not counted as any model's newest$/,
      ),
    );
  });
});
