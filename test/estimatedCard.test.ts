// The estimated performance on the dashboard: `service-c serve` on a store whose newest events have no label
// yet, the page in headless Chromium, each figure of the card against what drift_results holds.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWindows } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { type Browser, launchChromium } from './support/browser.js';
import { estimatePlatform } from './support/estimatePlatform.js';
import { changeText, countText, numberText } from './support/numberText.js';
import { query, scratchFolder } from './support/platformDatabase.js';
import { pollUntil, type ServeProcess, startServe } from './support/serveProcess.js';

describe('the estimated performance on the dashboard', () => {
  const folder = scratchFolder();
  const db = folder.path('estimated.duckdb');
  let browser: Browser;
  let serve: ServeProcess;
  let page: Page;
  /** The latest run's estimated rows, AUC first, and the estimated AUC's errors of every run, oldest first. */
  let rows: Record<string, unknown>[];
  let errors: Record<string, unknown>[];

  beforeAll(async () => {
    await estimatePlatform(db);
    // Two earlier runs whose current windows were labelled: the estimate's error is known there.
    for (const currentTo of [0.8, 0.85]) {
      const windows = {
        ...defaultWindows,
        currentFrom: currentTo - 0.05,
        currentTo,
      } as typeof defaultWindows;
      await startServiceC({ database: db, windows }).done;
    }
    serve = await startServe(['--db', db, '--every', '1h']);
    await pollUntil('the first run of serve', () => /run \S+ success/.exec(serve.stderr())?.[0], {
      timeoutMs: 60_000,
    });
    // serve holds no lock between runs: read what the page should show now, before it asks.
    rows = await query(
      db,
      `WITH latest AS (SELECT arg_max(run_id, computed_at) AS run_id FROM drift_results WHERE target = 'model')
       SELECT feature, status, message, metric_reference, metric_current, estimate_low, estimate_high,
              realized_current, estimate_error, current_count, estimate_labelled
       FROM drift_results JOIN latest USING (run_id) WHERE target = 'performance_estimated'
       ORDER BY feature = 'auc' DESC, feature`,
    );
    errors = await query(
      db,
      `SELECT estimate_error FROM drift_results
       WHERE target = 'performance_estimated' AND feature = 'auc' AND estimate_error IS NOT NULL ORDER BY computed_at`,
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${serve.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('section.performance-card[data-model="model_a"] section.estimated');
    expect(problems).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    expect(await serve?.stop()).toEqual({ code: 0, signal: null });
    folder.cleanup();
  });

  it('shows the estimate next to the realized performance: status, calibration, each metric with its interval', async () => {
    const shown = await page.$eval(
      'section.performance-card[data-model="model_a"] section.estimated',
      (element) => {
        const section = element as HTMLElement;
        return {
          status: section.dataset.status,
          badge: section.querySelector('h5 .badge')?.textContent,
          calibration: section.querySelector('.calibration')?.textContent,
          events: section.querySelector('.estimated-events')?.textContent,
          rows: Array.from(section.querySelectorAll('table.estimated-metrics tbody tr'), (row) => {
            const { metric, current, currentLow } = (row as HTMLElement).dataset;
            return {
              metric,
              current,
              currentLow,
              cells: Array.from(row.children, (cell) => cell.textContent),
            };
          }),
        };
      },
    );
    const [auc] = rows as Record<string, unknown>[];
    expect(shown.status).toBe('alert');
    expect(shown.badge).toBe('alert');
    expect(shown.calibration).toBe(auc?.message);
    expect(shown.events).toBe(`${countText(Number(auc?.current_count))} current events, 0 labelled`);
    const labels: Record<string, string> = {
      auc: 'AUC',
      accuracy: 'accuracy',
      f1: 'F1',
      precision: 'precision',
      recall: 'recall',
    };
    expect(shown.rows).toHaveLength(5);
    for (const [i, row] of rows.entries()) {
      const [reference, current, low, high] = [
        row.metric_reference,
        row.metric_current,
        row.estimate_low,
        row.estimate_high,
      ] as number[];
      const cell = shown.rows[i];
      expect(cell?.metric).toBe(row.feature);
      expect(Object.is(Number(cell?.current), current)).toBe(true);
      expect(Object.is(Number(cell?.currentLow), low)).toBe(true);
      expect(cell?.cells).toEqual([
        labels[String(row.feature)],
        numberText(reference),
        `${numberText(current)} [${numberText(low)}, ${numberText(high)}]`,
        '–',
        '–',
      ]);
    }
  });

  it("draws the estimated AUC's known error over the runs whose current window was labelled", async () => {
    expect(errors).toHaveLength(2);
    const known = await page.$eval(
      'section.performance-card[data-model="model_a"] .known-error',
      (element) => ({
        errors: JSON.parse((element as HTMLElement).dataset.errors ?? '[]') as number[],
        text: element.querySelector('p')?.textContent,
        path: element.querySelector('svg path.trend')?.getAttribute('d'),
      }),
    );
    const values = errors.map((row) => row.estimate_error as number);
    expect(known.errors).toEqual(values);
    const meanAbs = values.reduce((sum, v) => sum + Math.abs(v), 0) / values.length;
    expect(known.text).toBe(
      `Known error of the estimated AUC over 2 runs with labels: mean |error| ${numberText(meanAbs)}, latest ${changeText(values[1] as number)}`,
    );
    expect(known.path).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  });
});
