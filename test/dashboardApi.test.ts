// The dashboard's compact endpoints at scale: the overview, one model, and a history's trend window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResponse, ModelSummary, OverviewModel, OverviewResponse } from '../src/api/dashboard.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { answerDashboard, dashboardRouteOf } from '../src/serve/dashboardRoutes.js';
import { StoreCache } from '../src/serve/storeCache.js';
import {
  readFeatureDetail,
  readFeatureDetails,
  readHistories,
  readHistory,
} from '../src/store/dashboardQueries.js';
import { visibleModels } from '../src/web/overview.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, query, scratchFolder } from './support/platformDatabase.js';

const day = 86_400_000;
const now = Date.UTC(2026, 2, 1, 12);
/** Runs at these times before `now`: a trend of one day holds the last two, of a week three. */
const runsBefore = [10 * day, 3 * day, 12 * 3_600_000, 0];

describe('the overview and history endpoints', () => {
  const folder = scratchFolder();
  const database = folder.path('platform.duckdb');
  let cache: StoreCache;
  const get = async <T>(path: string) => {
    const url = new URL(path, 'http://localhost');
    const route = dashboardRouteOf(url.pathname, url.searchParams);
    if (route === undefined) throw new Error(`no route for ${path}`);
    const answer = await answerDashboard(route, {
      cache,
      schema: defaultSchema,
      assets: new URL('../dist/web/', import.meta.url),
    });
    return { status: answer.status, body: JSON.parse(String(answer.body)) as T };
  };

  beforeAll(async () => {
    await createDriftPlatform(database, {
      models: { calm: ['clean'], drifting: ['clean', 'shifted', 'channel'], steady: ['clean', 'channel'] },
    });
    for (const before of runsBefore) {
      await startServiceC({ database, now: () => new Date(now - before) }).done;
    }
    await execute(
      database,
      `INSERT INTO model_metadata (model_name, status, features, feature_table, timestamp_column)
       VALUES ('new_model', 'production', ['clean'], 'features', 'event_time'),
              ('retired', 'archived', ['clean'], 'features', 'event_time')`,
    );
    cache = new StoreCache({
      database,
      settings: engineSettings(defaultRunOptions),
      maxEntries: 100,
    });
  }, 120_000);
  afterAll(async () => {
    await cache.close();
    folder.cleanup();
  });

  it('answers every model in a few fields, with the counts per status, from model_metadata and the latest run', async () => {
    const { status, body } = await get<OverviewResponse>('/api/overview');
    expect(status).toBe(200);
    const latest = await query(
      database,
      `SELECT model_name, status FROM drift_results WHERE target = 'feature' AND computed_at = make_timestamp(${now * 1000})`,
    );
    const metadata = await query(
      database,
      'SELECT model_name, drift_status, model_drift_score FROM model_metadata',
    );
    expect(body.thresholds).toEqual({ warning: 0.1, alert: 0.25 });
    expect(body.models.map((m) => m.model)).toEqual(['calm', 'drifting', 'new_model', 'retired', 'steady']);
    for (const model of body.models.filter((m) => m.lastRunAt !== null)) {
      const row = metadata.find((r) => r.model_name === model.model);
      const counts: Record<string, number> = {};
      for (const r of latest.filter((r) => r.model_name === model.model)) {
        counts[r.status as string] = (counts[r.status as string] ?? 0) + 1;
      }
      expect(model).toMatchObject({
        status: 'production',
        driftStatus: row?.drift_status,
        score: row?.model_drift_score,
        lastRunAt: now / 1000,
        features: counts,
        // No label column: no performance.
        performance: null,
      });
    }
    const [worst] = await query(
      database,
      `SELECT feature, psi FROM drift_results WHERE model_name = 'drifting' AND target = 'feature'
       AND computed_at = make_timestamp(${now * 1000}) ORDER BY psi DESC LIMIT 1`,
    );
    expect(body.models.find((m) => m.model === 'drifting')?.worst).toEqual(worst);
    expect(body.models.find((m) => m.model === 'new_model')).toEqual({
      model: 'new_model',
      status: 'production',
      driftStatus: null,
      score: null,
      lastRunAt: null,
      features: {},
      worst: null,
      performance: null,
      baseline: null,
    });
    const expected: Record<string, number> = { none: 1 };
    for (const row of metadata) {
      if (row.drift_status !== null)
        expected[row.drift_status as string] = (expected[row.drift_status as string] ?? 0) + 1;
    }
    expect(body.counts).toEqual(expected);
  });

  it('answers one model with its latest run, the same as in /api/models', async () => {
    const all = await get<{ models: ModelSummary[] }>('/api/models');
    const one = await get<ModelSummary>('/api/models/drifting');
    expect(one).toEqual({ status: 200, body: all.body.models.find((m) => m.model === 'drifting') });
    expect(one.body.features.map((f) => f.feature)).toEqual(['clean', 'shifted', 'channel']);
    expect(await get('/api/models/nope')).toEqual({ status: 404, body: { error: 'unknown model: nope' } });
  });

  it('answers the runs of the chosen number of days up to the latest run, in columns', async () => {
    const times = (days: number) => runsBefore.filter((b) => b < days * day).map((b) => (now - b) / 1000);
    for (const days of [1, 7, 31]) {
      const { status, body } = await get<HistoryResponse>(`/api/models/drifting/history?days=${days}`);
      expect(status).toBe(200);
      expect(body.days).toBe(days);
      expect(body.times).toEqual(times(days));
      expect(body.statuses).toMatch(new RegExp(`^[owaie]{${body.times.length}}$`));
      expect(body.features.map((f) => f.feature)).toEqual(['clean', 'shifted', 'channel']);
      for (const feature of body.features) {
        expect(feature.psi).toHaveLength(body.times.length);
        expect(feature.statuses).toHaveLength(body.times.length);
      }
    }
    const week = await get<HistoryResponse>('/api/models/drifting/history?days=7');
    const byDefault = await get<HistoryResponse>('/api/models/drifting/history');
    expect(byDefault.body.days).toBe(1);
    expect(byDefault.body.times).toEqual(times(1));
    const [latest] = await query(
      database,
      `SELECT psi, status FROM drift_results WHERE model_name = 'drifting' AND feature = 'shifted'
       AND computed_at = make_timestamp(${now * 1000})`,
    );
    const shifted = week.body.features[1];
    expect(shifted?.psi.at(-1)).toBe(Number(Number(latest?.psi).toPrecision(4)));
    expect(shifted?.statuses.at(-1)).toBe({ ok: 'o', warning: 'w', alert: 'a' }[latest?.status as string]);
  });

  it("reads every model's histories and latest feature rows together as it reads them one by one", async () => {
    await cache.use(async (engine) => {
      const histories = await readHistories(engine, defaultSchema, 7);
      const details = await readFeatureDetails(engine, defaultSchema);
      expect([...histories.keys()].sort()).toEqual(['calm', 'drifting', 'new_model', 'retired', 'steady']);
      for (const [model, history] of histories) {
        expect(history).toEqual(await readHistory(engine, defaultSchema, model, 7));
      }
      expect(details).toHaveLength(1 + 3 + 2);
      for (const detail of details) {
        expect(detail).toEqual(await readFeatureDetail(engine, defaultSchema, detail.model, detail.feature));
      }
    });
  });

  it('refuses a trend window outside 1 to 31 days with a 400 saying so', async () => {
    for (const days of ['0', '32', '1.5', 'week', '', '-1']) {
      expect(await get(`/api/models/drifting/history?days=${days}`), days).toEqual({
        status: 400,
        body: { error: `days must be a whole number from 1 to 31, got ${JSON.stringify(days)}` },
      });
    }
  });

  it('answers an empty history for a model without runs, 404 for an unknown one', async () => {
    expect((await get('/api/models/new_model/history')).body).toEqual({
      model: 'new_model',
      days: 1,
      times: [],
      statuses: '',
      scores: [],
      features: [],
    });
    expect((await get('/api/models/nope/history')).status).toBe(404);
  });
});

describe('visibleModels', () => {
  const model = (
    name: string,
    status: string,
    driftStatus: string | null,
    score: number | null,
  ): OverviewModel => ({
    model: name,
    status,
    driftStatus,
    score,
    lastRunAt: null,
    features: {},
    worst: null,
    performance: null,
    baseline: null,
  });
  const models = [
    model('a_ok', 'production', 'ok', 0.01),
    model('b_alert_low', 'production', 'alert', 0.3),
    model('c_retired', 'archived', 'alert', 0.9),
    model('d_warning', 'production', 'warning', 0.2),
    model('e_alert_high', 'production', 'alert', 0.5),
    model('f_new', 'production', null, null),
    model('g_error', 'production', 'error', null),
    model('h_insufficient', 'production', 'insufficient_data', null),
  ];
  const names = (list: OverviewModel[]) => list.map((m) => m.model);

  it('puts the worst first: by status, then by score, the models without a run and the archived ones last', () => {
    expect(names(visibleModels(models, { status: null, search: '' }))).toEqual([
      'g_error',
      'e_alert_high',
      'b_alert_low',
      'd_warning',
      'h_insufficient',
      'a_ok',
      'f_new',
      'c_retired',
    ]);
  });

  it('keeps the production models of one status, or those without a run', () => {
    expect(names(visibleModels(models, { status: 'alert', search: '' }))).toEqual([
      'e_alert_high',
      'b_alert_low',
    ]);
    expect(names(visibleModels(models, { status: 'none', search: '' }))).toEqual(['f_new']);
  });

  it('searches names for a part, in any case', () => {
    expect(names(visibleModels(models, { status: null, search: ' ALERT ' }))).toEqual([
      'e_alert_high',
      'b_alert_low',
    ]);
    expect(names(visibleModels(models, { status: 'warning', search: 'alert' }))).toEqual([]);
  });
});
