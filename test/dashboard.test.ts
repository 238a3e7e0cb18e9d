// The dashboard: `service-c serve` on the demo database with the page in headless Chromium, and the JSON
// endpoints over plain HTTP on a database whose names are hostile.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FeatureDetailResponse,
  HistoryResponse,
  ModelsResponse,
  OverviewResponse,
  PerformanceResponse,
} from '../src/api/dashboard.js';
import { createDemoDatabase, type DemoManifest } from '../src/demo/createDemoDatabase.js';
import { defaultRunOptions, defaultSchema, defaultWindows, engineSettings } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { answerDashboard } from '../src/serve/dashboardRoutes.js';
import { closeServer, createMetricsServer, listen } from '../src/serve/metricsServer.js';
import { StoreCache } from '../src/serve/storeCache.js';
import { quoteIdentifier } from '../src/store/quoteIdentifier.js';
import { worstFirst } from '../src/web/overview.js';
import { type Browser, launchChromium } from './support/browser.js';
import {
  changeText,
  changeWithIntervalText,
  countText,
  numberText,
  pValueText,
} from './support/numberText.js';
import {
  execute,
  featureTableSql,
  literal,
  METADATA_DDL,
  query,
  scratchFolder,
  uniform,
} from './support/platformDatabase.js';
import { pollUntil, type ServeProcess, startServe } from './support/serveProcess.js';

const limits = engineSettings(defaultRunOptions);
const artifacts = new URL('./artifacts/', import.meta.url);

/** The PSI cell colours of dashboard.css, by status. */
const cellColours: Record<string, string> = {
  ok: 'rgb(207, 238, 219)',
  warning: 'rgb(255, 231, 163)',
  alert: 'rgb(247, 196, 196)',
  insufficient_data: 'rgb(228, 231, 238)',
  error: 'rgb(230, 220, 245)',
};

/** The feature rows of each model's latest run. */
const latestFeatureRowsSql = `
  WITH latest AS (
    SELECT model_name, arg_max(run_id, computed_at) AS run_id FROM drift_results WHERE target = 'model' GROUP BY ALL)
  SELECT model_name, feature, status, quality_status, quality_signal, status_source, psi, ks_statistic, ks_pvalue, ks_method, kind,
         len(reference_histogram)::INTEGER AS reference_bins, len(current_histogram)::INTEGER AS current_bins
  FROM drift_results JOIN latest USING (model_name, run_id)
  WHERE target = 'feature' ORDER BY model_name, feature`;

/** The performance rows of each model's latest run, the headline metric (AUC or RMSE) first. */
const latestPerformanceRowsSql = `
  WITH latest AS (
    SELECT model_name, arg_max(run_id, computed_at) AS run_id FROM drift_results WHERE target = 'model' GROUP BY ALL)
  SELECT model_name, feature AS metric, status, performance_task AS task, message,
         reference_count::INTEGER AS reference_events, current_count::INTEGER AS current_events,
         metric_reference AS reference, metric_current AS current, metric_change AS change,
         metric_change_low AS change_low, metric_change_high AS change_high
  FROM drift_results JOIN latest USING (model_name, run_id)
  WHERE target = 'performance' ORDER BY model_name, feature IN ('auc', 'rmse') DESC, feature`;

/** The names the performance card gives the metrics of a binary classifier below its AUC. */
const otherMetricNames: Record<string, string> = {
  accuracy: 'accuracy',
  brier: 'Brier score',
  log_loss: 'log loss',
  positive_rate: 'positive rate',
};

/** The status colours of dashboard.css (badges, card borders), by status. */
const statusColours: Record<string, string> = {
  ok: 'rgb(47, 158, 95)',
  warning: 'rgb(217, 154, 0)',
  alert: 'rgb(214, 66, 66)',
  insufficient_data: 'rgb(138, 147, 165)',
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The page with every model's section loaded: each is scrolled into view, which loads it. */
async function openDashboard(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#detail[data-state="ready"], #detail[data-state="empty"]');
  const sections = page.locator('section.model-features');
  for (let i = 0; i < (await sections.count()); i++) {
    await sections.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (n) => document.querySelectorAll('section.model-features')[n]?.getAttribute('data-state') === 'ready',
      i,
    );
  }
  expect(problems).toEqual([]);
  return page;
}

/** Clicks the feature's name in its model's table and waits until the detail shows it. */
async function openFeature(page: Page, model: string, feature: string): Promise<void> {
  const rows = page.locator('tr.feature-row');
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const data = await row.evaluate((r: HTMLElement) => ({ ...r.dataset }));
    if (data.model === model && data.feature === feature) {
      await row.locator('button.feature-name').click();
      await page.waitForFunction(
        ([m, f]) => {
          const detail = document.getElementById('detail');
          return (
            detail?.dataset.state === 'ready' && detail.dataset.model === m && detail.dataset.feature === f
          );
        },
        [model, feature] as const,
      );
      return;
    }
  }
  throw new Error(`no row for ${model} / ${feature}`);
}

describe('the dashboard of service-c serve on the demo database', () => {
  const folder = scratchFolder();
  const db = folder.path('demo.duckdb');
  let manifest: DemoManifest;
  let serve: ServeProcess;
  let page: Page;
  let metadata: Record<string, unknown>[];
  let features: Record<string, unknown>[];
  let performanceRows: Record<string, unknown>[];
  const earlierRuns = 3;

  beforeAll(async () => {
    const started = performance.now();
    manifest = await createDemoDatabase(db, { largestTableRows: 100_000 });
    // Earlier runs, each with an older current window, give the trend charts a history to draw.
    for (let k = earlierRuns; k >= 1; k--) {
      const currentTo = 0.95 - 0.05 * (k - 1);
      const windows = {
        ...defaultWindows,
        currentFrom: currentTo - 0.05,
        currentTo,
      } as typeof defaultWindows;
      await startServiceC({ database: db, windows }).done;
    }
    const prepared = performance.now();
    serve = await startServe(['--db', db, '--every', '1h']);
    await pollUntil('the first run of serve', () => /run \S+ success/.exec(serve.stderr())?.[0], {
      timeoutMs: 60_000,
    });
    const ran = performance.now();
    // serve holds no lock between runs: read what the page should show now, before it asks.
    metadata = await query(
      db,
      'SELECT model_name, status, drift_status, model_drift_score FROM model_metadata ORDER BY model_name',
    );
    features = await query(db, latestFeatureRowsSql);
    performanceRows = await query(db, latestPerformanceRowsSql);
    page = await openDashboard(`${serve.url}/`);
    console.info(
      `dashboard setup: demo database and ${earlierRuns} runs ${(prepared - started).toFixed(0)} ms, ` +
        `serve and its run ${(ran - prepared).toFixed(0)} ms, page ${(performance.now() - ran).toFixed(0)} ms`,
    );
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    expect(await serve?.stop()).toEqual({ code: 0, signal: null });
    folder.cleanup();
  });

  it('lists every model with the statuses model_metadata holds', async () => {
    const cards = await page.$$eval('article.model-card', (all) =>
      all.map((card) => ({
        model: (card as HTMLElement).dataset.model,
        lifecycle: (card as HTMLElement).dataset.lifecycle,
        status: (card as HTMLElement).dataset.status,
        badge: card.querySelector('.badge')?.textContent,
        score: card.querySelector('.score')?.textContent,
      })),
    );
    const overview = (await (await fetch(`${serve.url}/api/overview`)).json()) as OverviewResponse;
    expect(cards.map((c) => c.model)).toEqual([...overview.models].sort(worstFirst).map((m) => m.model));
    expect([...cards.map((c) => c.model)].sort()).toEqual(metadata.map((m) => m.model_name));
    const production = cards.filter((c) => c.lifecycle === 'production');
    expect(production.map((c) => c.model).sort()).toEqual([...manifest.production].sort());
    for (const row of metadata) {
      const card = cards.find((c) => c.model === row.model_name);
      expect(card?.lifecycle).toBe(row.status);
      expect(card?.status).toBe(row.drift_status ?? '');
      if (row.status === 'production') {
        expect(card?.badge).toBe(String(row.drift_status).replaceAll('_', ' '));
        expect(card?.score).toBe(numberText(row.model_drift_score as number, 4));
      } else {
        expect(card?.badge).toBe(row.status);
      }
    }
    expect(new Set(production.map((c) => c.status))).toEqual(new Set(['alert', 'ok']));
  });

  it('labels the section of a model whose reference is pinned with its range, and no other', async () => {
    const sections = await page.$$eval('section.model-features', (all) =>
      all.map((section) => {
        const label = section.querySelector('h3 .pinned') as HTMLElement | null;
        return {
          model: (section as HTMLElement).dataset.model,
          label: label?.textContent ?? null,
          range: label ? [label.dataset.from, label.dataset.to] : null,
        };
      }),
    );
    const pinned = new Map(manifest.pinned.map((pin) => [pin.model, [pin.from, pin.to]]));
    expect(pinned.size).toBe(1);
    expect(sections.map((s) => s.model).sort()).toEqual([...manifest.production].sort());
    for (const section of sections) {
      const range = pinned.get(section.model ?? '') ?? null;
      expect(section.range, section.model).toEqual(range);
      expect(section.label, section.model).toBe(
        range === null ? null : `reference pinned: ${range[0]?.slice(0, 10)} – ${range[1]?.slice(0, 10)}`,
      );
    }
  });

  it('draws a performance card for each labelled model: the status, the AUC in both windows, the change and its interval, as drift_results holds them', async () => {
    const labelled = manifest.labelled.map((l) => l.model).sort();
    expect([...new Set(performanceRows.map((r) => r.model_name))]).toEqual(labelled);
    // The endpoint the page reads answers what drift_results holds.
    const answered = (await (await fetch(`${serve.url}/api/performance`)).json()) as PerformanceResponse;
    expect(
      answered.models.flatMap((m) =>
        m.metrics.map((metric) => ({
          model_name: m.model,
          metric: metric.metric,
          status: m.status,
          task: m.task,
          reference_events: m.reference.events,
          current_events: m.current.events,
          reference: metric.reference,
          current: metric.current,
          change: metric.change,
          change_low: metric.changeLow,
          change_high: metric.changeHigh,
        })),
      ),
    ).toEqual(performanceRows.map(({ message, ...row }) => row));

    const cards = await page.$$eval('section.performance-card', (all) =>
      all.map((element) => {
        const card = element as HTMLElement;
        const badge = card.querySelector('h4 .badge') as HTMLElement;
        const headline = card.querySelector('dd.headline') as HTMLElement;
        return {
          section: card.closest('section.model-features')?.getAttribute('data-model'),
          model: card.dataset.model,
          status: card.dataset.status,
          badge: badge.textContent,
          badgeColour: getComputedStyle(badge).backgroundColor,
          border: getComputedStyle(card).borderTopColor,
          task: card.querySelector('dd.task')?.textContent,
          headline: { text: headline.textContent, ...headline.dataset },
          change: card.querySelector('dd.change')?.textContent,
          events: card.querySelector('dd.events')?.textContent,
          reason: card.querySelector('.reason')?.textContent ?? null,
          others: Array.from(
            card.querySelectorAll('table.metrics:not(.estimated-metrics) tbody tr'),
            (row) => ({
              metric: (row as HTMLElement).dataset.metric,
              cells: Array.from(row.children, (cell) => cell.textContent),
            }),
          ),
        };
      }),
    );
    expect(cards.map((c) => c.model).sort()).toEqual(labelled);
    for (const card of cards) {
      const rows = performanceRows.filter((r) => r.model_name === card.model);
      const [headline, ...others] = rows as Record<string, number | string | null>[];
      if (headline === undefined) throw new Error(`no performance rows for ${card.model}`);
      expect(card.section).toBe(card.model);
      expect(headline.metric).toBe('auc');
      expect(card.status).toBe(headline.status);
      expect(card.badge).toBe(String(headline.status).replaceAll('_', ' '));
      expect(card.badgeColour).toBe(statusColours[String(headline.status)]);
      expect(card.border).toBe(card.badgeColour);
      const source = /\((inferred|model metadata)\)$/.exec(String(headline.message))?.[1];
      expect(card.task).toBe(`${String(headline.task).replaceAll('_', ' ')} (${source})`);
      const [reference, current, change, low, high] = [
        headline.reference,
        headline.current,
        headline.change,
        headline.change_low,
        headline.change_high,
      ] as [number, number, number, number, number];
      expect(card.headline.text).toBe(`${numberText(reference)} → ${numberText(current)}`);
      for (const [key, value] of Object.entries({
        reference,
        current,
        change,
        changeLow: low,
        changeHigh: high,
      })) {
        expect(Object.is(Number(card.headline[key as keyof typeof card.headline]), value), key).toBe(true);
      }
      expect(card.change).toBe(changeWithIntervalText(change, low, high));
      expect(card.events).toBe(
        `${countText(headline.reference_events as number)} reference · ${countText(headline.current_events as number)} current`,
      );
      expect(card.reason).toBeNull();
      expect(card.others).toEqual(
        others.map((row) => ({
          metric: row.metric,
          cells: [
            otherMetricNames[String(row.metric)],
            numberText(row.reference as number),
            numberText(row.current as number),
            changeText(row.change as number),
          ],
        })),
      );
    }
    // The model whose scores stop ranking its newest labels alerts, its interval below no change.
    for (const { model, performanceFalls } of manifest.labelled) {
      const card = cards.find((c) => c.model === model);
      expect(card?.status, model).toBe(performanceFalls ? 'alert' : 'ok');
      if (performanceFalls) expect(card?.change).toMatch(/^−\d\.\d{3} \[−\d\.\d{3}, −\d\.\d{3}\]$/);
    }
  });

  it('draws no performance card for a model without labelled events, and shows each performance status in the overview', async () => {
    const sections = await page.$$eval('section.model-features', (all) =>
      all.map((section) => ({
        model: (section as HTMLElement).dataset.model,
        state: (section as HTMLElement).dataset.state,
        cards: section.querySelectorAll('.performance-card').length,
      })),
    );
    const labelled = new Set(manifest.labelled.map((l) => l.model));
    const unlabelled = sections.filter((s) => !labelled.has(s.model ?? ''));
    expect(unlabelled.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(section.state).toBe('ready');
      expect(section.cards, section.model).toBe(labelled.has(section.model ?? '') ? 1 : 0);
    }
    const overview = await page.$$eval('article.model-card', (all) =>
      all.map((card) => ({
        model: (card as HTMLElement).dataset.model,
        performance: card.querySelector('dd.performance .badge')?.textContent ?? null,
      })),
    );
    for (const card of overview) {
      const status = performanceRows.find((r) => r.model_name === card.model)?.status;
      expect(card.performance, card.model).toBe(
        status === undefined ? null : String(status).replaceAll('_', ' '),
      );
    }
  });

  it('colours the PSI of each feature by its status', async () => {
    const cells = await page.$$eval('tr.feature-row', (rows) =>
      rows.map((row) => {
        const cell = row.querySelector('.psi-cell') as HTMLElement;
        return {
          model: (row as HTMLElement).dataset.model,
          feature: (row as HTMLElement).dataset.feature,
          status: cell.dataset.status,
          psi: cell.textContent,
          background: getComputedStyle(cell).backgroundColor,
        };
      }),
    );
    expect(cells).toHaveLength(features.length);
    for (const row of features) {
      const cell = cells.find((c) => c.model === row.model_name && c.feature === row.feature);
      expect(cell, `${row.model_name}.${row.feature}`).toEqual({
        model: row.model_name,
        feature: row.feature,
        status: row.status,
        psi: numberText(row.psi as number),
        background: cellColours[row.status as string],
      });
    }
    expect(new Set(cells.map((c) => c.status))).toEqual(new Set(['ok', 'warning', 'alert']));
    // Among them a PSI below 10^-3, shown as an exponent.
    expect(features.some((row) => Math.abs(row.psi as number) < 1e-3)).toBe(true);
  });

  it("draws each feature's PSI over its past runs as one path, oldest first, the latest run's dot in its status", async () => {
    const lines = await page.$$eval('tr.feature-row', (rows) =>
      rows.map((row) => ({
        elements: row.querySelectorAll('svg.sparkline *').length,
        vertices: row.querySelector('svg.sparkline path.trend')?.getAttribute('d')?.match(/[ML]/g)?.length,
        last: row.querySelector('svg.sparkline circle.point')?.getAttribute('class'),
        status: (row as HTMLElement).dataset.status,
      })),
    );
    for (const line of lines) {
      // Two threshold lines, the path, the latest run's dot and the pointer's dot, whatever the number of runs.
      expect(line).toEqual({
        elements: 5,
        vertices: earlierRuns + 1,
        last: `point status-${line.status}`,
        status: line.status,
      });
    }
    const history = (await (
      await fetch(`${serve.url}/api/models/churn_predictor/history`)
    ).json()) as HistoryResponse;
    expect(history.times).toHaveLength(earlierRuns + 1);
    expect(history.times).toEqual([...history.times].sort((a, b) => a - b));
    // The drift planted in the newest 5% shows in the latest run only.
    const charges = history.features.find((f) => f.feature === 'monthly_charges');
    expect(charges?.statuses).toBe('oooa');
  });

  it('names the run under the pointer in a tooltip', async () => {
    const row = page.locator('tr.feature-row', { hasText: 'monthly_charges' }).first();
    const chart = row.locator('svg.sparkline');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the sparkline is not on the page');
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC: PSI \d\.\d{3} \(alert\)$/);
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    expect(await tooltip.textContent()).toMatch(/\(ok\)$/);
    await page.mouse.move(0, 0);
  });

  it('draws the reference and current histograms of a feature it opens, with its KS and PSI', async () => {
    const chosen = [
      ['fraud_detector', 'channel'], // categorical
      ['fraud_detector', 'country'], // categorical with a missing bin
      ['fraud_detector', 'merchant_risk_score'], // numeric with a missing bin
      ['demand_forecaster', 'day_of_week'], // integer: fewer edges than bins asked for
      ['churn_predictor', 'monthly_charges'], // numeric, the planted alert
    ] as const;
    for (const [model, feature] of chosen) {
      await openFeature(page, model, feature);
      const row = features.find((f) => f.model_name === model && f.feature === feature);
      const shown = await page.$eval('#detail', (detail) => ({
        reference: detail.querySelectorAll('svg.histogram rect.bar.reference').length,
        current: detail.querySelectorAll('svg.histogram rect.bar.current').length,
        labels: detail.querySelectorAll('svg.histogram text.bin-label').length,
        psi: detail.querySelector('.stats .psi')?.textContent,
        ks: detail.querySelector('.stats .ks')?.textContent ?? null,
        ksPValue: detail.querySelector('.stats .ks-p')?.textContent ?? null,
        title: detail.querySelector('.detail-title')?.textContent,
      }));
      expect(shown, `${model}.${feature}`).toEqual({
        reference: row?.reference_bins,
        current: row?.current_bins,
        labels: row?.reference_bins,
        psi: numberText(row?.psi as number),
        ks: row?.kind === 'numeric' ? numberText(row.ks_statistic as number) : null,
        ksPValue:
          row?.kind === 'numeric'
            ? `${pValueText(row.ks_pvalue as number)} (${String(row.ks_method)})`
            : null,
        title: `${model} › ${feature}`,
      });
      expect(row?.reference_bins).toBeGreaterThan(2);
    }
    // The choice is in the address: opening it again shows the same feature.
    const again = await openDashboard(page.url());
    try {
      expect(await again.$eval('#detail', (d) => ({ ...(d as HTMLElement).dataset }))).toMatchObject({
        model: 'churn_predictor',
        feature: 'monthly_charges',
      });
    } finally {
      await again.close();
    }
  });

  it('draws the overview before it asks for any history, and loads a model when it comes into view', async () => {
    const fresh = await browser.context.newPage();
    try {
      const held: (() => void)[] = [];
      await fresh.route('**/history*', (route) => {
        held.push(() => void route.continue());
      });
      const asked: string[] = [];
      fresh.on('request', (request) => asked.push(new URL(request.url()).pathname));
      await fresh.goto(`${serve.url}/`);
      await fresh.waitForSelector('body[data-ready="true"]');
      // Every card with its status is there while no history has been answered.
      expect(await fresh.$$eval('article.model-card', (all) => all.length)).toBe(metadata.length);
      const api = asked.filter((path) => path.startsWith('/api/'));
      expect(api[0]).toBe('/api/overview');
      expect(api.filter((path) => path === '/api/overview')).toHaveLength(1);
      for (const release of held) release();
      await fresh.unroute('**/history*');
    } finally {
      await fresh.close();
    }
  });

  it('filters the overview by status and by name, and keeps the counts per status at the top', async () => {
    const fresh = await openDashboard(`${serve.url}/`);
    try {
      const chips = await fresh.$$eval('#status-filters button', (all) => all.map((b) => b.textContent));
      const production = metadata.filter((m) => m.status === 'production');
      const alerts = production.filter((m) => m.drift_status === 'alert').length;
      expect(chips).toContain(`all ${production.length} in production`);
      expect(chips).toContain(`${alerts} alert`);
      await fresh.locator('#status-filters button[data-status="alert"]').click();
      const shown = () =>
        fresh.$$eval('article.model-card', (all) => all.map((card) => (card as HTMLElement).dataset.model));
      expect((await shown()).length).toBe(alerts);
      await fresh.locator('#status-filters button[data-status="alert"]').click();
      await fresh.fill('#search', 'CHURN');
      expect(await shown()).toEqual(['churn_predictor']);
      expect(await fresh.$$eval('section.model-features', (all) => all.length)).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('draws the trend of the window the user chooses', async () => {
    const fresh = await openDashboard(`${serve.url}/`);
    try {
      const asked: string[] = [];
      fresh.on('request', (request) => asked.push(request.url()));
      await fresh.selectOption('#days', '30');
      await fresh.waitForFunction(() =>
        Array.from(document.querySelectorAll('section.model-features')).some(
          (s) => s.getAttribute('data-state') === 'ready',
        ),
      );
      expect(asked.some((url) => url.endsWith('/history?days=30'))).toBe(true);
      expect(asked.some((url) => url.endsWith('days=1'))).toBe(false);
      expect(await fresh.locator('.heatmap thead th').nth(3).textContent()).toBe(
        `PSI, last 30 days (${earlierRuns + 1} runs)`,
      );
    } finally {
      await fresh.close();
    }
  });

  it('writes a screenshot of the dashboard to test/artifacts/ that shows each PSI cell in its status colour and the opened feature', async () => {
    await openFeature(page, 'churn_predictor', 'monthly_charges');
    mkdirSync(artifacts, { recursive: true });
    const path = new URL('dashboard.png', artifacts).pathname;
    const png = await page.screenshot({ path, fullPage: true });
    // The first cell of each status, a point inside its padding, in the page's coordinates (the full page's).
    const cells = await page.$$eval('.psi-cell', (all) =>
      all.map((cell) => {
        const box = cell.getBoundingClientRect();
        return {
          status: (cell as HTMLElement).dataset.status ?? '',
          x: Math.round(box.left + window.scrollX + 3),
          y: Math.round(box.top + window.scrollY + 3),
        };
      }),
    );
    const firstOfEach = [...new Map(cells.reverse().map((cell) => [cell.status, cell])).values()];
    expect(firstOfEach.map((cell) => cell.status).sort()).toEqual(['alert', 'ok', 'warning']);
    const shown = await pixelColours(png, firstOfEach);
    expect(shown).toEqual(firstOfEach.map((cell) => cellColours[cell.status]));
    const title = page.locator('#detail .detail-title');
    expect(await title.textContent()).toBe('churn_predictor › monthly_charges');
    expect(await title.isVisible()).toBe(true);
  });
});

/** The colours of some pixels of a PNG, decoded by Chromium from the file's bytes, as CSS writes them. */
async function pixelColours(png: Buffer, points: readonly { x: number; y: number }[]): Promise<string[]> {
  const decoder = await browser.context.newPage();
  try {
    return await decoder.evaluate(
      async ({ data, points }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d canvas');
        context.drawImage(image, 0, 0);
        return points.map(({ x, y }) => {
          const [r, g, b] = context.getImageData(x, y, 1, 1).data;
          return `rgb(${r}, ${g}, ${b})`;
        });
      },
      { data: png.toString('base64'), points },
    );
  } finally {
    await decoder.close();
  }
}

// Names that break a path, a string literal, an identifier or markup when spliced instead of bound.
const markupModel = `<img src=x onerror="document.title='pwned'">`;
const injectionModel = `'; DROP TABLE model_metadata; --`;
const pathModel = 'a/b?c#d %2F 100% é 模型 ..';
const hostileFeature = `x" OR 1=1 -- /?#%25 <b>é`;
const hostileModels = [markupModel, injectionModel, pathModel];

/** A platform of three production models with hostile names, one hostile feature column, and a run or two. */
async function createHostilePlatform(path: string, runs: number): Promise<void> {
  const rows = 20_000;
  await execute(
    path,
    METADATA_DDL,
    featureTableSql('features', rows),
    `ALTER TABLE features RENAME COLUMN shifted TO ${quoteIdentifier(hostileFeature)}`,
    'CREATE TABLE model_events (model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE)',
    ...hostileModels.flatMap((model) => [
      `INSERT INTO model_metadata VALUES (${literal(model)}, 'production',
         [${literal(hostileFeature)}, 'clean', 'channel'], 'features', 'event_time')`,
      `INSERT INTO model_events SELECT ${literal(model)}, TIMESTAMP '2026-01-01' + to_seconds(i), ${uniform(4)}
       FROM range(${rows}) t(i)`,
    ]),
    `INSERT INTO model_metadata VALUES ('retired', 'archived', ['clean'], 'features', 'event_time')`,
  );
  for (let i = 0; i < runs; i++) await startServiceC({ database: path }).done;
}

describe('the dashboard endpoints', () => {
  const folder = scratchFolder();
  let database = folder.path('hostile.duckdb');
  let server: Server;
  let base: string;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    const type = response.headers.get('content-type');
    return {
      status: response.status,
      type,
      body: type === 'application/json' ? await response.json() : await response.text(),
    };
  };
  const modelPath = (model: string) => `/api/models/${encodeURIComponent(model)}`;

  const caches = new Map<string, StoreCache>();
  const cacheOf = (path: string) => {
    const cache = caches.get(path) ?? new StoreCache({ database: path, settings: limits, maxEntries: 100 });
    caches.set(path, cache);
    return cache;
  };

  beforeAll(async () => {
    await createHostilePlatform(database, 2);
    server = createMetricsServer(
      new Registry(),
      async () => ({ database: 'ok', lastRun: null }),
      (route) =>
        answerDashboard(route, {
          cache: cacheOf(database),
          schema: defaultSchema,
          assets: new URL('../dist/web/', import.meta.url),
        }),
    );
    base = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}`;
  }, 60_000);
  afterAll(async () => {
    await closeServer(server);
    for (const cache of caches.values()) await cache.close();
    folder.cleanup();
  });

  it('lists every model, hostile names byte for byte, with its latest features', async () => {
    const { status, type, body } = await get('/api/models');
    expect({ status, type }).toEqual({ status: 200, type: 'application/json' });
    const { models, thresholds } = body as ModelsResponse;
    expect(thresholds).toEqual({ warning: 0.1, alert: 0.25 });
    expect(models.map((m) => m.model)).toEqual([...hostileModels, 'retired'].sort());
    const latest = await query(database, latestFeatureRowsSql);
    for (const model of hostileModels) {
      const summary = models.find((m) => m.model === model);
      expect(summary).toMatchObject({ status: 'production', runId: expect.any(String) });
      expect(summary?.features.map((f) => f.feature)).toEqual([hostileFeature, 'clean', 'channel']);
      for (const feature of summary?.features ?? []) {
        const row = latest.find((r) => r.model_name === model && r.feature === feature.feature);
        expect(feature).toEqual({
          feature: row?.feature,
          psi: row?.psi,
          ksStatistic: row?.ks_statistic ?? null,
          ksPValue: row?.ks_pvalue ?? null,
          status: row?.status,
          quality: {
            status: row?.quality_status,
            signal: row?.quality_signal,
            decided: row?.status_source === 'quality',
          },
        });
      }
      expect(summary?.prediction).toMatchObject({ feature: 'prediction' });
    }
    expect(models.find((m) => m.model === 'retired')).toEqual({
      model: 'retired',
      status: 'archived',
      driftStatus: null,
      driftScore: null,
      lastRunAt: null,
      runId: null,
      features: [],
      prediction: null,
    });
  });

  it('answers the history and the latest result of a feature by their encoded names', async () => {
    for (const model of hostileModels) {
      const history = await get(`${modelPath(model)}/history`);
      expect(history.status, model).toBe(200);
      const { times, features } = history.body as HistoryResponse;
      expect((history.body as HistoryResponse).model).toBe(model);
      expect(times).toHaveLength(2);
      expect((times[0] ?? 0) <= (times[1] ?? 0)).toBe(true);
      expect(features.map((f) => [f.feature, f.psi.length])).toEqual(
        [hostileFeature, 'clean', 'channel'].map((f) => [f, 2]),
      );

      const detail = await get(`${modelPath(model)}/features/${encodeURIComponent(hostileFeature)}`);
      expect(detail.status).toBe(200);
      const [row] = await query(
        database,
        `SELECT run_id, reference_histogram, current_histogram, bin_edges, ks_statistic, psi FROM drift_results
         WHERE model_name = ${literal(model)} AND feature = ${literal(hostileFeature)} ORDER BY computed_at DESC LIMIT 1`,
      );
      expect(detail.body).toMatchObject({
        model,
        feature: hostileFeature,
        runId: row?.run_id,
        kind: 'numeric',
        status: 'alert',
        binEdges: row?.bin_edges,
        categories: null,
        missingBin: false,
        reference: { histogram: row?.reference_histogram },
        current: { histogram: row?.current_histogram },
        ks: { statistic: row?.ks_statistic },
        psi: row?.psi,
      } satisfies Partial<Record<keyof FeatureDetailResponse, unknown>>);
    }
    const channel = (await get(`${modelPath(pathModel)}/features/channel`)).body as FeatureDetailResponse;
    expect(channel).toMatchObject({
      kind: 'categorical',
      categories: ['android', 'ios', 'web'],
      binEdges: null,
      ks: null,
    });
    expect(channel.reference.histogram).toHaveLength(3);
  });

  it('binds names: SQL in a name finds nothing and changes nothing', async () => {
    for (const name of [
      `x' OR '1'='1`,
      `' UNION SELECT 1 --`,
      `"; DROP TABLE drift_results; --`,
      'model_metadata',
    ]) {
      expect((await get(`${modelPath(name)}/history`)).status, name).toBe(404);
      expect(
        (await get(`${modelPath(injectionModel)}/features/${encodeURIComponent(name)}`)).status,
        name,
      ).toBe(404);
    }
    const [counts] = await query(
      database,
      `SELECT (SELECT count(*) FROM model_metadata)::INTEGER AS models, (SELECT count(*) FROM drift_results)::INTEGER AS results`,
    );
    expect(counts).toEqual({ models: 4, results: 2 * 3 * 5 });
  });

  it('answers 404 as JSON for unknown models, features and paths, 400 for broken encoding, 405 for writes', async () => {
    const notFound = [
      ['/api/models/nope/history', 'unknown model: nope'],
      ['/api/models/nope/features/clean', 'unknown model: nope'],
      [`${modelPath(pathModel)}/features/nope`, `no result for feature nope of model ${pathModel}`],
      [`${modelPath('retired')}/features/clean`, 'no result for feature clean of model retired'],
      ['/api/models/clean', 'unknown model: clean'],
      ['/api/models//history', undefined],
      [`${modelPath(pathModel)}/features/`, undefined],
      [`${modelPath(pathModel)}/features/clean/more`, undefined],
      ['/api/nope', undefined],
      ['/api', undefined],
    ] as const;
    for (const [path, error] of notFound) {
      const answer = await get(path);
      expect({ status: answer.status, type: answer.type }, path).toEqual({
        status: 404,
        type: 'application/json',
      });
      expect((answer.body as { error: string }).error, path).toEqual(
        error ?? expect.stringMatching(/^not found: try \/api\/overview/),
      );
    }
    expect(await get('/api/models/%E0%A4%A/history')).toMatchObject({
      status: 400,
      type: 'application/json',
    });
    expect((await get(`${modelPath('retired')}/history`)).body).toEqual({
      model: 'retired',
      days: 1,
      times: [],
      statuses: '',
      scores: [],
      features: [],
    });
    const post = await fetch(`${base}/api/models`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves the page and its own files only, under a strict content security policy', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="dashboard.js">');
    for (const [path, type] of [
      ['/dashboard.js', 'text/javascript; charset=utf-8'],
      ['/charts.js', 'text/javascript; charset=utf-8'],
      ['/dashboard.css', 'text/css; charset=utf-8'],
    ]) {
      expect((await get(path as string)).type, path).toBe(type);
    }
    for (const path of [
      '/nope.js',
      '/index.html',
      '/dashboard.js.map',
      '/..%2Fpackage.json',
      '/%2e%2e/package.json',
      '/web/dashboard.js',
    ]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('answers 503 as JSON when the database cannot be opened', async () => {
    const saved = database;
    database = folder.path('missing.duckdb');
    try {
      expect(await get('/api/models')).toEqual({
        status: 503,
        type: 'application/json',
        body: { error: `database file not found: ${database}` },
      });
    } finally {
      database = saved;
    }
  });

  it('lists models before any run, with nothing to show yet', async () => {
    const saved = database;
    database = folder.path('fresh.duckdb');
    try {
      await execute(
        database,
        METADATA_DDL,
        `INSERT INTO model_metadata VALUES ('m', 'production', ['x'], 't', 'ts')`,
      );
      const { body } = await get('/api/models');
      expect((body as ModelsResponse).models).toEqual([
        {
          model: 'm',
          status: 'production',
          driftStatus: null,
          driftScore: null,
          lastRunAt: null,
          runId: null,
          features: [],
          prediction: null,
        },
      ]);
      expect((await get('/api/models/m/history')).body).toEqual({
        model: 'm',
        days: 1,
        times: [],
        statuses: '',
        scores: [],
        features: [],
      });
      expect((await get('/api/models/m/features/x')).status).toBe(404);
    } finally {
      database = saved;
    }
  });

  it('says in words why a performance is insufficient data: a window of one class, or too few labelled events', async () => {
    const saved = database;
    database = folder.path('labels.duckdb');
    const rows = 4000;
    try {
      // one_class: every label of the newest 10% is 0. few_labels: 40 labelled events, 2 in the current window.
      await execute(
        database,
        METADATA_DDL,
        featureTableSql('features', rows),
        'CREATE TABLE model_events (model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE, label DOUBLE)',
        ...['one_class', 'few_labels'].map(
          (model) =>
            `INSERT INTO model_metadata VALUES ('${model}', 'production', ['clean'], 'features', 'event_time')`,
        ),
        `INSERT INTO model_events SELECT 'one_class', TIMESTAMP '2026-01-01' + to_seconds(i), ${uniform(6)},
           CASE WHEN i < ${rows * 0.9} AND ${uniform(7)} < 0.3 THEN 1 ELSE 0 END FROM range(${rows}) t(i)`,
        `INSERT INTO model_events SELECT 'few_labels', TIMESTAMP '2026-01-01' + to_seconds(i), ${uniform(6)},
           CASE WHEN i % 100 = 0 THEN i % 200 / 100 END FROM range(${rows}) t(i)`,
      );
      await startServiceC({ database }).done;
      const counts = await query(
        database,
        `SELECT model_name, status, reference_count::INTEGER AS reference, current_count::INTEGER AS current
         FROM drift_results WHERE target = 'performance' AND feature = 'auc' ORDER BY model_name`,
      );
      expect(counts.map((r) => [r.model_name, r.status])).toEqual([
        ['few_labels', 'insufficient_data'],
        ['one_class', 'insufficient_data'],
      ]);
      const page = await openDashboard(`${base}/`);
      try {
        const cards = await page.$$eval('section.performance-card', (all) =>
          all.map((card) => ({
            model: (card as HTMLElement).dataset.model,
            badge: card.querySelector('h4 .badge')?.textContent,
            change: card.querySelector('dd.change')?.textContent,
            reason: card.querySelector('p.reason')?.textContent,
          })),
        );
        const few = counts.find((r) => r.model_name === 'few_labels');
        expect(few?.current).toBeLessThan(few?.reference as number);
        expect(cards.sort((a, b) => String(a.model).localeCompare(String(b.model)))).toEqual([
          {
            model: 'few_labels',
            badge: 'insufficient data',
            // Too few events for an interval: the change alone.
            change: expect.not.stringContaining('['),
            reason: `Too few labelled events: the current window has only ${countText(few?.current as number)} labelled events, fewer than the run's minimum (performance.minEvents).`,
          },
          {
            model: 'one_class',
            badge: 'insufficient data',
            change: '–',
            reason: 'The current window holds labels of one class only, so there is no AUC to compare.',
          },
        ]);
      } finally {
        await page.close();
      }
    } finally {
      database = saved;
    }
  });

  it('puts hostile names on the page as text, and draws their histograms', async () => {
    const page = await openDashboard(`${base}/`);
    try {
      const names = await page.$$eval('article.model-card h2', (all) => all.map((h) => h.textContent));
      expect(names.sort()).toEqual([...hostileModels, 'retired'].sort());
      expect(await page.$$eval('main img, main b', (all) => all.length)).toBe(0);
      expect(await page.title()).toBe('service-c · feature drift');
      // The planted shift's PSI is above 1: the page shows it, and each model's score, as numbers of that size.
      const latest = await query(database, latestFeatureRowsSql);
      const cells = await page.$$eval('tr.feature-row', (rows) =>
        rows.map((row) => ({
          model: (row as HTMLElement).dataset.model,
          feature: (row as HTMLElement).dataset.feature,
          psi: row.querySelector('.psi-cell')?.textContent,
        })),
      );
      expect(cells).toHaveLength(latest.length);
      expect(cells).toEqual(
        expect.arrayContaining(
          latest.map((row) => ({
            model: row.model_name,
            feature: row.feature,
            psi: numberText(row.psi as number),
          })),
        ),
      );
      expect(latest.some((row) => (row.psi as number) >= 1)).toBe(true);
      const scores = await query(
        database,
        `SELECT model_name, model_drift_score FROM model_metadata WHERE status = 'production'`,
      );
      const shownScores = await page.$$eval('article.model-card', (all) =>
        all.map((card) => [(card as HTMLElement).dataset.model, card.querySelector('.score')?.textContent]),
      );
      expect(shownScores).toEqual(
        expect.arrayContaining(
          scores.map((row) => [row.model_name, numberText(row.model_drift_score as number, 4)]),
        ),
      );
      await openFeature(page, markupModel, hostileFeature);
      expect(await page.$$eval('#detail rect.bar.current', (all) => all.length)).toBe(10);
      await openFeature(page, pathModel, 'channel');
      expect(await page.$$eval('#detail rect.bar.reference', (all) => all.length)).toBe(3);
    } finally {
      await page.close();
    }
  });
});
