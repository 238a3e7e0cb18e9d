import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignalStore, type SignalModel, type SignalStoreShape } from '../bench/signalStore.js';
import { scratchFolder } from './support/platformDatabase.js';

// Two days from a Monday, the onset 12 hours before the end (Tuesday 12:00): each model's rows of Tuesday
// 12:00-24:00 set against its own rows of Monday 12:00-24:00 (the same hours of the day, so the cycles cancel).
const shape: SignalStoreShape = {
  cleanModels: 1,
  driftedModels: 1,
  days: 2,
  pinnedDays: 1,
  onsetHoursBeforeEnd: 12,
  seed: 3,
};

/** What each planted drift moves: Tuesday's rows minus Monday's rows of the same hours, or their ratio. */
interface Moves {
  loadShift: number;
  latencyScale: number;
  iosShare: number;
  latamShare: number;
  missingShare: number;
}

/** The moves of a feature table over the hours `late` (12:00-24:00) or not (00:00-12:00, before the onset). */
const movesSql = (table: string, late: boolean) => `
  WITH t AS (SELECT *, day(event_time) = 6 AS tuesday FROM ${table} WHERE (hour(event_time) >= 12) = ${late})
  SELECT avg(load) FILTER (tuesday) - avg(load) FILTER (NOT tuesday),
    stddev(latency_ms) FILTER (tuesday) / stddev(latency_ms) FILTER (NOT tuesday),
    avg((channel = 'ios')::INT) FILTER (tuesday) - avg((channel = 'ios')::INT) FILTER (NOT tuesday),
    avg((region = 'latam')::INT) FILTER (tuesday),
    avg((session_seconds IS NULL)::INT) FILTER (tuesday) - avg((session_seconds IS NULL)::INT) FILTER (NOT tuesday)
  FROM t`;

/** The sizes of driftKinds (bench/signalStore.ts) as moves; no drift moves nothing. */
const planted = (id: string | undefined): Moves => ({
  loadShift: id === 'mean05' ? 5 : id === 'mean1' ? 10 : 0,
  latencyScale: id === 'scale15' ? 1.5 : 1,
  iosShare: id === 'mix20' ? 0.2 : id === 'mix35' ? 0.35 : 0,
  latamShare: id === 'newcat' ? 0.1 : 0,
  missingShare: id === 'missing' ? 0.13 : 0,
});

/** High traffic: 4,320 rows a side, so each figure is within a few standard errors of its size. */
function expectMoves(got: Moves | undefined, want: Moves, name: string) {
  expect(got?.loadShift, name).toBeCloseTo(want.loadShift, -0.2);
  expect(got?.latencyScale, name).toBeCloseTo(want.latencyScale, 1);
  expect(got?.iosShare, name).toBeCloseTo(want.iosShare, 1);
  expect(got?.latamShare, name).toBeCloseTo(want.latamShare, 1);
  expect(got?.missingShare, name).toBeCloseTo(want.missingShare, 1);
}

describe('the signal bench store', () => {
  const folder = scratchFolder();
  let models: SignalModel[];
  const moves = { before: new Map<string, Moves>(), after: new Map<string, Moves>() };

  beforeAll(async () => {
    models = await makeSignalStore(folder.path('signal.duckdb'), shape);
    const instance = await DuckDBInstance.create(folder.path('signal.duckdb'));
    const db = await instance.connect();
    for (const [m, model] of models.entries()) {
      for (const late of [false, true]) {
        const [row] = (await db.runAndReadAll(movesSql(`features_${m}`, late))).getRows();
        const [loadShift, latencyScale, iosShare, latamShare, missingShare] = (row ?? []).map(Number);
        (late ? moves.after : moves.before).set(model.name, {
          loadShift: loadShift ?? Number.NaN,
          latencyScale: latencyScale ?? Number.NaN,
          iosShare: iosShare ?? Number.NaN,
          latamShare: latamShare ?? Number.NaN,
          missingShare: missingShare ?? Number.NaN,
        });
      }
    }
    db.closeSync();
    instance.closeSync();
  });
  afterAll(() => folder.cleanup());

  it('plants each drift in its own models and column only, from the onset, at its size', () => {
    for (const model of models.filter((m) => m.traffic === 'high')) {
      expectMoves(moves.after.get(model.name), planted(model.drift?.id), model.name);
    }
  });

  it('moves nothing before the onset', () => {
    for (const model of models.filter((m) => m.traffic === 'high')) {
      expectMoves(moves.before.get(model.name), planted(undefined), model.name);
    }
  });
});
