// A startServiceC run over time: its history, one run shared by overlapping calls (on the same file under
// two names too), and cancelling it.
import { symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { RunRegistry } from '../src/run/runRegistry.js';
import { sharedRuns, startServiceC } from '../src/run/startServiceC.js';
import { StoreError } from '../src/store/storeError.js';
import { engines } from './support/engines.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { createStartPlatform } from './support/startPlatform.js';

const scratch = scratchDatabasePerTest();

describe.each(engines)('startServiceC on the %s engine', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  it('keeps the history across runs', async () => {
    await createStartPlatform(scratch.db);
    const first = await start({ database: scratch.db }).done;
    const second = await start({ database: scratch.db }).done;
    expect(second.runId).not.toBe(first.runId);
    const runs = await query(
      scratch.db,
      `SELECT run_id, count(*)::INTEGER AS n FROM drift_results GROUP BY ALL`,
    );
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.n === 7)).toBe(true);
  });

  it('shares one run between overlapping calls', async () => {
    await createStartPlatform(scratch.db);
    const first = start({ database: scratch.db });
    const second = start({ database: scratch.db });
    expect(second).toBe(first);
    await first.done;
    const next = start({ database: scratch.db });
    expect(next).not.toBe(first);
    await next.done;
  });

  it('stops cleanly when cancelled, leaving no half-written model', async () => {
    await createStartPlatform(scratch.db, 200_000);
    await execute(
      scratch.db,
      `INSERT INTO model_metadata SELECT 'model_' || i, 'production', ['clean', 'shifted'], 'features_a', 'event_time' FROM range(5) t(i)`,
    );
    const controller = new AbortController();
    const run = start({
      database: scratch.db,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.modelsDone === 1) controller.abort();
      },
    });
    const summary = await run.done;
    expect(summary.outcome).toBe('cancelled');
    expect(summary.models.length).toBeLessThan(6);
    const written = await query(
      scratch.db,
      `SELECT model_name, count(*)::INTEGER AS n FROM drift_results GROUP BY ALL`,
    );
    const updated = await query(
      scratch.db,
      `SELECT model_name FROM model_metadata WHERE drift_status IS NOT NULL ORDER BY ALL`,
    );
    expect(written.map((r) => r.model_name).sort()).toEqual(summary.models.map((m) => m.model).sort());
    expect(updated.map((r) => r.model_name).sort()).toEqual(summary.models.map((m) => m.model).sort());
  });

  it('stops when cancelled through its handle before any model is done', async () => {
    await createStartPlatform(scratch.db);
    const run = start({ database: scratch.db });
    run.cancel();
    const summary = await run.done;
    expect(summary).toMatchObject({ outcome: 'cancelled', models: [] });
    expect(await query(scratch.db, 'SELECT count(*)::INTEGER AS n FROM drift_results')).toEqual([{ n: 0 }]);
  });
});

describe('startServiceC with a run registry of its own', () => {
  it('shares one run between overlapping calls on it, leaves the shared registry alone and forgets the run once done', async () => {
    await createStartPlatform(scratch.db, 1000);
    const runs = new RunRegistry();
    const first = startServiceC({ database: scratch.db }, runs);
    expect(startServiceC({ database: scratch.db }, runs)).toBe(first);
    expect([runs.size, sharedRuns.size]).toEqual([1, 0]);
    await first.done;
    expect(runs.size).toBe(0);
    const next = startServiceC({ database: scratch.db }, runs);
    expect(next).not.toBe(first);
    await next.done;
  });

  it('forgets a run whose database cannot be used', async () => {
    const runs = new RunRegistry();
    await expect(
      startServiceC({ database: scratch.folder.path('missing.duckdb') }, runs).done,
    ).rejects.toThrow(StoreError);
    expect(runs.size).toBe(0);
  });
});

describe('startServiceC on one database named two ways', () => {
  it('knows it by the file, not the name: a run through a symlink and one on its target never overlap', async () => {
    await createStartPlatform(scratch.db, 1000);
    const link = scratch.folder.path('link.duckdb');
    symlinkSync(scratch.db, link);
    const first = startServiceC({ database: link });
    expect(startServiceC({ database: scratch.db })).toBe(first);
    expect((await first.done).outcome).toBe('success');
  });
});
