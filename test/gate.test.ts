import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, METADATA_DDL, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/** A 2,000-row table of plain uniform noise, a row a minute, two features, no prediction. */
async function noiseTable(salts: [number, number]) {
  const u = (salt: number) => `((hash(i, ${salt}) % 1000003)::DOUBLE / 1000003)`;
  await execute(
    scratch.db,
    METADATA_DDL,
    `CREATE TABLE noise AS SELECT TIMESTAMP '2026-01-01' + to_minutes(i) AS event_time,
       ${u(salts[0])} AS a, ${u(salts[1])} AS b FROM range(2000) t(i)`,
    `INSERT INTO model_metadata VALUES ('noise', 'production', ['a', 'b'], 'noise', 'event_time')`,
  );
}

describe('the gate against natural variability', () => {
  it('gives ok on a 2,000-row table of noise with the default windows, where the seed warned', async () => {
    await noiseTable([11, 12]);
    const summary = await startServiceC({ database: scratch.db }).done;
    const model = summary.models[0];
    expect(model?.status).toBe('ok');
    const features = model?.features ?? [];
    // The seed's rules flag noise of 100 current rows (PSI about 9 · (1/100) before any drift) ...
    expect(features.map((f) => f.result.gate?.statusBeforeGate)).toContain('warning');
    // ... the gate does not: its adjusted p-value is nowhere near 0.01.
    for (const { result } of features) {
      expect(result.status).toBe('ok');
      expect(result.gate?.pvalueAdjusted).toBeGreaterThan(0.01);
    }
    const rows = await query(
      scratch.db,
      `SELECT status, status_before_gate FROM drift_results WHERE target = 'feature' ORDER BY feature`,
    );
    expect(rows.map((row) => row.status)).toEqual(['ok', 'ok']);
    expect(rows.map((row) => row.status_before_gate)).toEqual(
      features.map((f) => f.result.gate?.statusBeforeGate),
    );
    // Mood's scale test, the gate's third test, is stored with the other figures.
    const mood = await query(
      scratch.db,
      `SELECT mood_statistic, mood_pvalue FROM drift_results WHERE target = 'feature' ORDER BY feature`,
    );
    expect(mood.map((row) => [row.mood_statistic, row.mood_pvalue])).toEqual(
      features.map((f) => [f.result.mood?.statistic, f.result.mood?.pvalue]),
    );
    expect(mood.every((row) => typeof row.mood_pvalue === 'number')).toBe(true);
  });

  it('is off with gate: false: the seed’s statuses, no gate figures', async () => {
    await noiseTable([11, 12]);
    const summary = await startServiceC({ database: scratch.db, compare: { gate: false } }).done;
    const features = summary.models[0]?.features ?? [];
    expect(features.map((f) => f.result.status)).toContain('warning');
    expect(features.map((f) => f.result.gate)).toEqual([null, null]);
  });
});
