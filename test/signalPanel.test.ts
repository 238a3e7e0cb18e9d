// The dashboard's detail panel says what a feature was compared with and how the gate decided, in headless
// Chromium, on a store run with hourly buckets against its pinned 28 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { type Browser, launchChromium } from './support/browser.js';
import { type DashboardServer, serveDashboard } from './support/dashboardServer.js';
import { countText, numberText, pValueText } from './support/numberText.js';
import { query, scratchFolder } from './support/platformDatabase.js';
import { hourly, seasonalStore, storeEnd } from './support/seasonalStore.js';

const folder = scratchFolder();
const database = folder.path('signal.duckdb');
let browser: Browser;
let dashboard: DashboardServer;
let base: string;

beforeAll(async () => {
  // `flat` shifts by 1.5 standard deviations in the last 10 hours, from Monday 14:00.
  await seasonalStore(database, { days: 29, rowsPerHour: 40, drift: { hours: 10, shift: 1.5 } });
  const now = new Date(storeEnd(28).getTime() + 15 * 3_600_000);
  await startServiceC({ database, windows: hourly, now: () => now }).done;
  dashboard = await serveDashboard(database);
  base = dashboard.base;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  folder.cleanup();
});

/** The panel's signal facts of one feature, as Chromium shows them. */
async function shownFacts(feature: string): Promise<Record<string, string | null>> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${base}/#model=model_s&feature=${feature}`);
    await page.waitForFunction(
      (f) =>
        document.getElementById('detail')?.dataset.state === 'ready' &&
        document.getElementById('detail')?.dataset.feature === f,
      feature,
    );
    return await page.$eval('#detail', (detail) =>
      Object.fromEntries(
        ['reference-phase', 'cycle', 'dispersion', 'gate-p', 'gate-p-adjusted', 'status-before-gate'].map(
          (name) => [name, detail.querySelector(`.stats .${name}`)?.textContent ?? null],
        ),
      ),
    );
  } finally {
    await page.close();
  }
}

const rowOf = async (feature: string) =>
  (
    await query(
      database,
      `SELECT seasonality_reason, gate_dispersion, gate_windows, gate_pvalue, gate_pvalue_adjusted, status_before_gate, status
       FROM drift_results WHERE feature = '${feature}' AND target = 'feature'`,
    )
  )[0] as Record<string, number | string>;

describe('the detail panel in Chromium', () => {
  it('shows the reference’s phase, the cycle and why, the dispersion, the gate’s p-values and the status before it', async () => {
    const row = await rowOf('weekly');
    expect(await shownFacts('weekly')).toEqual({
      'reference-phase': 'Mondays 14:00–15:00 UTC over 4 weeks (160 rows)',
      cycle: `weekly (${row.seasonality_reason})`,
      dispersion: `dispersion ${numberText(row.gate_dispersion as number)} (from ${countText(row.gate_windows as number)} reference windows)`,
      'gate-p': pValueText(row.gate_pvalue as number),
      'gate-p-adjusted': pValueText(row.gate_pvalue_adjusted as number),
      'status-before-gate': String(row.status_before_gate),
    });
    // 28 days of hourly buckets, each with 40 rows: every one measured the spread.
    expect(row.gate_windows).toBe(28 * 24);
  });

  it('shows a planted shift kept by the gate', async () => {
    const row = await rowOf('flat');
    expect(row).toMatchObject({ status: 'alert', status_before_gate: 'alert' });
    const shown = await shownFacts('flat');
    expect(shown['reference-phase']).toBe('the whole reference (26,880 rows)');
    expect(shown.cycle).toMatch(/^none \(no cycle: hours of the day do not differ/);
    expect(shown['gate-p-adjusted']).toBe(pValueText(row.gate_pvalue_adjusted as number));
    expect(row.gate_pvalue_adjusted as number).toBeLessThan(0.01);
  });
});
