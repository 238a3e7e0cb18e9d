// The cache serve's dashboard and /healthz read through: answers kept until the file changes, and the
// file free for other processes between reads.
import { describe, expect, it } from 'vitest';
import type { HistoryResponse, OverviewResponse } from '../src/api/dashboard.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../src/run/options.js';
import { answerDashboard } from '../src/serve/dashboardRoutes.js';
import { StoreCache } from '../src/serve/storeCache.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { scratchDatabasePerTest } from './support/platformDatabase.js';
import { pollUntil, spawnServiceC } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();
const settings = engineSettings(defaultRunOptions);

/** `service-c run --db FILE` in a process of its own: it needs the file's lock to write. */
async function runInAnotherProcess(database: string): Promise<void> {
  const child = spawnServiceC(['run', '--db', database]);
  const exit = await child.exited;
  expect(exit, child.stderr()).toEqual({ code: 0, signal: null });
}

describe('StoreCache', () => {
  it('keeps an answer while the file is unchanged, and computes it again once the file changes', async () => {
    await createDriftPlatform(scratch.db);
    const cache = new StoreCache({ database: scratch.db, settings, maxEntries: 10 });
    let computed = 0;
    const count = () =>
      cache.read('results', async (engine) => {
        computed++;
        const [[n] = []] = await engine.rows(
          "SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_name = 'drift_results'",
        );
        return n;
      });
    expect([await count(), await count()]).toEqual([0, 0]);
    expect(computed).toBe(1);
    await pollUntil('the cache to let the file go', async () => {
      try {
        await runInAnotherProcess(scratch.db);
        return true;
      } catch {
        return undefined;
      }
    });
    expect(await count()).toBe(1);
    expect(computed).toBe(2);
    await cache.close();
  });

  it('answers a run written by another process on the next request, and holds no lock between requests', async () => {
    await createDriftPlatform(scratch.db, { models: { model_a: ['clean'], model_b: ['shifted'] } });
    const cache = new StoreCache({ database: scratch.db, settings, maxEntries: 10 });
    const source = { cache, schema: defaultSchema, assets: new URL('../dist/web/', import.meta.url) };
    const overview = async () =>
      JSON.parse(String((await answerDashboard({ kind: 'overview' }, source)).body)) as OverviewResponse;
    expect((await overview()).counts).toEqual({ none: 2 });
    // Between requests the file is free: another process runs on it (and fails the test if it cannot lock it).
    await runInAnotherProcess(scratch.db);
    expect((await overview()).models.map((m) => m.lastRunAt === null)).toEqual([false, false]);
    await runInAnotherProcess(scratch.db);
    const history = JSON.parse(
      String((await answerDashboard({ kind: 'history', model: 'model_a', days: 1 }, source)).body),
    ) as HistoryResponse;
    expect(history.times).toHaveLength(2);
    await runInAnotherProcess(scratch.db);
    await cache.close();
  });

  it('does not keep a failure: a file that appears later is read', async () => {
    const cache = new StoreCache({ database: scratch.db, settings, maxEntries: 10 });
    const one = () => cache.read('one', async (engine) => (await engine.rows('SELECT 1'))[0]?.[0]);
    await expect(one()).rejects.toThrow(`database file not found: ${scratch.db}`);
    await createDriftPlatform(scratch.db);
    expect(await one()).toBe(1);
    await cache.close();
  });
});
