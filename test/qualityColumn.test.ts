// The dashboard's feature table shows each feature's data quality and which signal decided its status, in
// headless Chromium, on a store whose first half is the reference and second half the current window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { type Browser, launchChromium } from './support/browser.js';
import { type DashboardServer, serveDashboard } from './support/dashboardServer.js';
import { execute, METADATA_DDL, query, scratchFolder } from './support/platformDatabase.js';

const folder = scratchFolder();
const database = folder.path('quality.duckdb');
let browser: Browser;
let dashboard: DashboardServer;
let base: string;

beforeAll(async () => {
  // Each window holds 0, 1/300, …, 299/300 once in `steady` and `ranged`; 15 of `ranged`'s current values
  // are 2, outside the reference's range (a quality warning, the drift ok); `emptied` loses 20% to NULL
  // (an alert both of its drift and of its quality: the drift decides a tie).
  const grid = '((j * 7) % 300) / 300.0';
  await execute(
    database,
    METADATA_DDL,
    `CREATE TABLE t AS WITH r AS (SELECT i, i >= 300 AS cur, i % 300 AS j FROM range(600) r(i))
     SELECT TIMESTAMP '2026-01-01' + to_minutes(i) AS event_time, ${grid} AS steady,
       CASE WHEN cur AND (j * 7) % 300 BETWEEN 100 AND 114 THEN 2 ELSE ${grid} END AS ranged,
       CASE WHEN cur AND j < 60 THEN NULL ELSE ${grid} END AS emptied FROM r`,
    `INSERT INTO model_metadata VALUES ('m', 'production', ['steady', 'ranged', 'emptied'], 't', 'event_time')`,
  );
  await startServiceC({
    database,
    windows: { kind: 'fraction', historicalFrom: 0, historicalTo: 0.5, currentFrom: 0.5, currentTo: 1 },
    seasonality: 'none',
  }).done;
  dashboard = await serveDashboard(database);
  base = dashboard.base;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  folder.cleanup();
});

describe('the feature table’s quality column', () => {
  it('shows each feature’s quality and says which signal decided its status', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.waitForSelector('tr.feature-row');
      const shown = await page.$$eval('tr.feature-row', (rows) =>
        rows.map((row) => {
          const quality = row.querySelector('td.quality') as HTMLElement;
          const status = row.querySelector('td.status') as HTMLElement;
          return {
            feature: (row as HTMLElement).dataset.feature,
            quality: quality.textContent,
            qualityStatus: quality.dataset.qualityStatus,
            status: status.textContent,
            source: status.dataset.source,
          };
        }),
      );
      const stored = await query(
        database,
        `SELECT feature, status, quality_status, quality_signal, status_source FROM drift_results
         WHERE target = 'feature' ORDER BY feature`,
      );
      expect(stored).toEqual([
        {
          feature: 'emptied',
          status: 'alert',
          quality_status: 'alert',
          quality_signal: 'missing_rate',
          status_source: 'drift',
        },
        {
          feature: 'ranged',
          status: 'warning',
          quality_status: 'warning',
          quality_signal: 'out_of_range',
          status_source: 'quality',
        },
        {
          feature: 'steady',
          status: 'ok',
          quality_status: 'ok',
          quality_signal: null,
          status_source: 'drift',
        },
      ]);
      expect(shown).toEqual([
        { feature: 'steady', quality: 'ok', qualityStatus: 'ok', status: 'ok', source: 'drift' },
        {
          feature: 'ranged',
          quality: 'out of range',
          qualityStatus: 'warning',
          status: 'warning quality',
          source: 'quality',
        },
        {
          feature: 'emptied',
          quality: 'missing rate',
          qualityStatus: 'alert',
          status: 'alert',
          source: 'drift',
        },
      ]);
    } finally {
      await page.close();
    }
  });
});
