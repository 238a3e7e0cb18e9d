// The main job end to end: the demo database, then one run of the worker over it on each engine.
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase, type DemoManifest } from '../src/demo/createDemoDatabase.js';
import type { EngineKind } from '../src/engine/engine.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { engines } from './support/engines.js';
import { query, scratchFolder } from './support/platformDatabase.js';

let folder: ReturnType<typeof scratchFolder>;
let manifest: DemoManifest;
// Each engine runs on its own copy of one demo database, at the same clock.
const runs = new Map<EngineKind, { db: string; summary: RunSummary }>();
beforeAll(async () => {
  folder = scratchFolder();
  const demo = folder.path('demo.duckdb');
  manifest = await createDemoDatabase(demo, { largestTableRows: 200_000 });
  const now = new Date();
  for (const engine of engines) {
    const db = folder.path(`demo-${engine}.duckdb`);
    copyFileSync(demo, db);
    runs.set(engine, { db, summary: await startServiceC({ database: db, engine, now: () => now }).done });
  }
});
afterAll(() => folder.cleanup());

describe.each(engines)('a run over the demo database on the %s engine', (engine) => {
  const run = () => runs.get(engine) as { db: string; summary: RunSummary };
  const outcome = (model: string, feature: string | null) => {
    const m = run().summary.models.find((x) => x.model === model);
    return feature === null ? m?.prediction : m?.features.find((f) => f.feature === feature);
  };

  it('analyses the production models only', () => {
    expect(
      run()
        .summary.models.map((m) => m.model)
        .sort(),
    ).toEqual([...manifest.production].sort());
  });

  it('flags every planted drift of a production model', () => {
    const planted = manifest.drifted.filter((d) => manifest.production.includes(d.model));
    expect(planted.length).toBeGreaterThan(2);
    for (const { model, feature } of planted) {
      expect(['warning', 'alert'], `${model}.${feature}`).toContain(outcome(model, feature)?.result.status);
    }
  });

  it('leaves every clean feature of a production model ok', () => {
    const clean = manifest.clean.filter((c) => manifest.production.includes(c.model));
    for (const { model, feature } of clean) {
      expect(outcome(model, feature)?.result.status, `${model}.${feature}`).toBe('ok');
    }
  });

  it('alerts on the performance of the model whose scores stop ranking its newest labels, and only there', () => {
    for (const { model, performanceFalls } of manifest.labelled) {
      const performance = run().summary.models.find((m) => m.model === model)?.performance?.result;
      expect(performance?.task, model).toBe('binary_classification');
      expect(performance?.status, model).toBe(performanceFalls ? 'alert' : 'ok');
    }
  });

  it("compares the pinned model with its training period, and stores that reference's profiles", async () => {
    const [pinned] = manifest.pinned;
    const model = run().summary.models.find((m) => m.model === pinned?.model);
    const [from, to] = [Date.parse(pinned?.from ?? ''), Date.parse(pinned?.to ?? '')];
    for (const window of [...(model?.features ?? []), model?.prediction, model?.performance]) {
      expect(window?.reference.firstTime).toBeGreaterThanOrEqual(from);
      expect(window?.reference.lastTime).toBeLessThan(to);
    }
    // Every feature, the prediction, and the performance's prediction and label.
    const profiles = (model?.features.length ?? 0) + 3;
    expect(model?.baseline).toEqual({
      from: new Date(from),
      to: new Date(to),
      origin: 'model_metadata',
      profilesRead: 0,
      profilesStored: profiles,
      warnings: [],
    });
    const stored = await query(run().db, 'SELECT DISTINCT model_name FROM drift_baselines');
    expect(stored).toEqual([{ model_name: pinned?.model }]);
  });

  it('stores the same statuses it reports', async () => {
    const { db, summary } = run();
    const rows = await query(
      db,
      `SELECT model_name, feature, status FROM drift_results WHERE target = 'feature'`,
    );
    expect(rows).toHaveLength(summary.models.reduce((n, m) => n + m.features.length, 0));
    for (const row of rows) {
      expect(row.status).toBe(outcome(row.model_name as string, row.feature as string)?.result.status);
    }
    const archived = await query(db, `SELECT drift_status FROM model_metadata WHERE status = 'archived'`);
    expect(archived).toEqual([{ drift_status: null }]);
  });
});

describe('both engines over the demo database', () => {
  it('agree to the last digit, in what they report and in what they write', async () => {
    const [native, wasm] = engines.map((engine) => runs.get(engine) as { db: string; summary: RunSummary });
    expect(wasm?.summary.models).toEqual(native?.summary.models);
    const written = (db: string) =>
      query(db, 'SELECT * EXCLUDE (run_id) FROM drift_results ORDER BY model_name, target, feature');
    expect(await written(wasm?.db ?? '')).toEqual(await written(native?.db ?? ''));
  });
});
