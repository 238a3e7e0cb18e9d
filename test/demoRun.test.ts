// The main job end to end: the demo database, then one run of the worker over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase, type DemoManifest } from '../src/demo/createDemoDatabase.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { query, scratchFolder } from './support/platformDatabase.js';

let folder: ReturnType<typeof scratchFolder>;
let db: string;
let manifest: DemoManifest;
let summary: RunSummary;
beforeAll(async () => {
  folder = scratchFolder();
  db = folder.path('demo.duckdb');
  manifest = await createDemoDatabase(db, { largestTableRows: 200_000 });
  summary = await startServiceC({ database: db }).done;
});
afterAll(() => folder.cleanup());

const outcome = (model: string, feature: string | null) => {
  const m = summary.models.find((x) => x.model === model);
  return feature === null ? m?.prediction : m?.features.find((f) => f.feature === feature);
};

describe('a run over the demo database', () => {
  it('analyses the production models only', () => {
    expect(summary.models.map((m) => m.model).sort()).toEqual([...manifest.production].sort());
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

  it('stores the same statuses it reports', async () => {
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
