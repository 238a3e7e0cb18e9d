import { describe, expect, it } from 'vitest';
import { summaryTable } from '../src/cli/summaryTable.js';
import type { FeatureOutcome, RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { hourly, seasonalStore, storeEnd } from './support/seasonalStore.js';

const scratch = scratchDatabasePerTest();

const byFeature = (summary: RunSummary) =>
  new Map((summary.models[0]?.features ?? []).map((f) => [f.feature, f] as [string, FeatureOutcome]));

describe('the seasonal reference', () => {
  it('finds a daily and a weekly cycle where they are planted and none in noise; the hour is compared with its own phase', async () => {
    await seasonalStore(scratch.db, { days: 35, rowsPerHour: 40 });
    // A Tuesday 14:00–15:00 UTC.
    const now = new Date(storeEnd(29).getTime() + 15 * 3_600_000);
    const summary = await startServiceC({ database: scratch.db, windows: hourly, now: () => now }).done;
    const features = byFeature(summary);
    const cycle = (name: string) => features.get(name)?.result.seasonality?.cycle;
    expect(cycle('daily')).toBe('day');
    expect(cycle('weekly')).toBe('week');
    expect(cycle('channel')).toBe('day');
    expect(cycle('flat')).toBe('none');
    expect(cycle('other')).toBe('none');
    expect(features.get('weekly')?.result.seasonality?.referencePhase).toBe(
      'Tuesdays 14:00–15:00 UTC over 4 weeks (160 rows)',
    );
    expect(features.get('daily')?.result.seasonality?.referencePhase).toBe(
      'every day 14:00–15:00 UTC over 28 days (1,120 rows)',
    );
    expect(features.get('weekly')?.result.seasonality?.reason).toMatch(
      /^days of the week differ \(χ² p [0-9.e-]+, largest day PSI [0-9.]+\)/,
    );
    expect(features.get('flat')?.result.seasonality?.reason).toMatch(
      /^no cycle: hours of the day do not differ/,
    );
    // Every model-hour of this no-drift store is ok.
    expect(summary.models[0]?.status).toBe('ok');
    // The CLI's summary says which cycles the columns follow.
    const held = [...features.values()].filter((f) => f.result.gate?.statusBeforeGate !== 'ok').length;
    const within = held > 0 ? `; ${held} within natural variability` : '';
    expect(summaryTable(summary).split('\n')).toContain(`model_s: cycles 1 weekly, 2 daily, 2 none${within}`);
    const rows = await query(
      scratch.db,
      `SELECT feature, seasonality, reference_phase, gate_dispersion, gate_windows, gate_pvalue, gate_pvalue_adjusted, status_before_gate, status
       FROM drift_results WHERE target = 'feature' ORDER BY feature`,
    );
    expect(rows.map((row) => row.seasonality)).toEqual(['day', 'day', 'none', 'none', 'week']);
    for (const row of rows) {
      const result = features.get(String(row.feature))?.result;
      expect(row).toMatchObject({
        reference_phase: result?.seasonality?.referencePhase,
        gate_dispersion: result?.gate?.dispersion,
        gate_windows: result?.gate?.windows,
        gate_pvalue: result?.gate?.pvalue,
        gate_pvalue_adjusted: result?.gate?.pvalueAdjusted,
        status_before_gate: result?.gate?.statusBeforeGate,
        status: result?.status,
      });
    }
  });
});
