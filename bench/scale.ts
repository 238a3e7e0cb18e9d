// Platform scale: `service-c serve` on a store of 300 models × 30 features with 2,000 hourly runs of
// drift_results history (bench/scaleStore.ts), its API over HTTP and its dashboard in headless Chromium.
// Each figure is printed beside its target. One measurement per figure unless it says "median": the
// machine is shared, so absolute times are noisy.
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import type { ModelSnapshot } from '../src/metrics/snapshots.js';
import { launchChromium } from '../test/support/browser.js';
import { makeScaleStore, scaleFeatures, scaleModels } from './scaleStore.js';

const runs = 2_000;
const cli = new URL('../dist/cli.js', import.meta.url).pathname;

/** A figure beside its target: `ms` measured, `targetMs` the bound it must stay under. */
export interface Figure {
  what: string;
  ms: number;
  targetMs?: number;
  note?: string;
}

export async function scaleBench(): Promise<void> {
  const store = await makeScaleStore(runs);
  const figures: Figure[] = [];
  const serve = await startServe(store);
  try {
    figures.push({ what: '`serve` start until /metrics answers', ms: serve.startMs, targetMs: 1_000 });
    const get = (path: string) => () => timedGet(`${serve.url}${path}`);
    figures.push({ ...(await medianOf(5, '/api/overview', get('/api/overview'))), targetMs: 100 });
    figures.push({ ...(await medianOf(5, '/api/models', get('/api/models'))), targetMs: 100 });
    figures.push(await medianOf(5, '/healthz', get('/healthz')));
    figures.push(
      await medianOf(3, '/api/models/model_150/history?days=7', get('/api/models/model_150/history?days=7')),
    );
    figures.push(
      await medianOf(
        3,
        '/api/models/model_151/history?days=30',
        get('/api/models/model_151/history?days=30'),
      ),
    );
    figures.push(...(await browserFigures(serve.url)));
  } finally {
    serve.child.kill('SIGTERM');
  }
  await restoreFigure(75); // JIT warm-up
  for (const models of [75, 300, 1_200]) figures.push(await restoreFigure(models));
  console.log(
    `\nScale: ${scaleModels} models x ${scaleFeatures} features, ${runs.toLocaleString('en-US')} runs of history`,
  );
  printFigures(figures);
}

/** The overview drawn in Chromium from navigation, and a model's table and detail after a click on its card. */
async function browserFigures(url: string): Promise<Figure[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    let bytes = 0;
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    page.on('response', (response) => {
      void response.body().then(
        (body) => {
          bytes += body.byteLength;
        },
        () => {},
      );
    });
    const started = performance.now();
    await page.goto(`${url}/`);
    await page.waitForFunction(
      (models) =>
        document.body.dataset.ready === 'true' &&
        document.querySelectorAll('article.model-card[data-status]').length === models,
      scaleModels,
    );
    const overviewMs = performance.now() - started;
    const atOverview = requests.filter((path) => path.startsWith('/api/')).length;
    await page.waitForSelector('#detail[data-state="ready"]');
    await sleep(1_000);
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const apiRequests = requests.filter((path) => path.startsWith('/api/')).length;

    // Cards far down the list: their sections are not loaded until the click. The first click comes while
    // serve still holds the engine the page's requests opened, the second after it let the file go.
    const held = await clickCard(page, scaleModels - 20);
    await sleep(11_000);
    const idle = await clickCard(page, scaleModels - 40);
    return [
      {
        what: 'overview: every model card with its status drawn in Chromium, from navigation',
        ms: overviewMs,
        targetMs: 2_000,
        note: `${atOverview} API request(s) by then`,
      },
      {
        what: `a model's table, trends and detail after a click on its card (${held.model})`,
        ms: held.ms,
        targetMs: 500,
      },
      {
        what: `the same, when serve has let the file go (11 s idle; ${idle.model})`,
        ms: idle.ms,
        targetMs: 500,
      },
      {
        what: 'page after 1 s: DOM elements / API requests / bytes received',
        ms: Number.NaN,
        note: `${nodes} elements, ${apiRequests} requests, ${(bytes / 1024).toFixed(0)} KB`,
      },
    ];
  } finally {
    await browser.close();
  }
}

/** Filling the gauges at start from `models` models' latest runs (30 features each): linear in the series. */
async function restoreFigure(models: number): Promise<Figure> {
  const snapshots: ModelSnapshot[] = Array.from({ length: models }, (_, m) => ({
    model: `model_${m}`,
    score: 0.1,
    status: 0,
    performance: null,
    estimated: null,
    features: Array.from({ length: scaleFeatures }, (_, f) => ({
      feature: `f${f}`,
      status: 0,
      values: { psi: 0.01 * f, kl: 0.01, js: 0.02, ksStatistic: 0.03, ksPvalue: 0.5 },
    })),
  }));
  const started = performance.now();
  await createDriftMetrics(new Registry()).restore(snapshots);
  return {
    what: `restoring the gauges of ${models} models x ${scaleFeatures} features`,
    ms: performance.now() - started,
  };
}

/** Clicks the n-th card and waits until its model's table, trends and detail are drawn. */
async function clickCard(page: Page, n: number): Promise<{ model: string | null; ms: number }> {
  const card = page.locator('article.model-card').nth(n);
  const model = await card.getAttribute('data-model');
  const clicked = performance.now();
  await card.click();
  await page.waitForFunction((m) => {
    const section = Array.from(document.querySelectorAll<HTMLElement>('section.model-features')).find(
      (s) => s.dataset.model === m,
    );
    const detail = document.getElementById('detail');
    return (
      section?.dataset.state === 'ready' &&
      section.querySelectorAll('svg.sparkline path.trend').length === 30 &&
      detail?.dataset.state === 'ready' &&
      detail.dataset.model === m
    );
  }, model);
  return { model, ms: performance.now() - clicked };
}

/** Prints the figures as a table, each target beside its figure and whether it was met. */
export function printFigures(figures: readonly Figure[]): void {
  console.log('| what | measured | target |\n|---|---:|---|');
  for (const { what, ms, targetMs, note } of figures) {
    const target = targetMs === undefined ? '' : `< ${targetMs} ms: ${ms < targetMs ? 'met' : 'MISSED'}`;
    const measured = Number.isNaN(ms) ? '' : `${ms.toFixed(0)} ms`;
    console.log(`| ${what} | ${measured}${note ? ` (${note})` : ''} | ${target} |`);
  }
}

async function medianOf(times: number, what: string, measure: () => Promise<number>): Promise<Figure> {
  const all: number[] = [];
  for (let i = 0; i < times; i++) all.push(await measure());
  const sorted = [...all].sort((a, b) => a - b);
  return {
    what: `${what}, median of ${times}`,
    ms: sorted[Math.floor(times / 2)] ?? Number.NaN,
    note: `the first ${all[0]?.toFixed(0)} ms`,
  };
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

interface Serving {
  child: ChildProcess;
  url: string;
  startMs: number;
}

/** `service-c serve` on the store, timed from spawn until /metrics answers 200. */
async function startServe(database: string): Promise<Serving> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--db', database, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  for (;;) {
    const address = /serving http:\/\/(\S+)\/metrics/.exec(stderr)?.[1];
    if (address !== undefined) {
      const url = `http://${address}`;
      const response = await fetch(`${url}/metrics`).catch(() => undefined);
      if (response?.ok) {
        await response.arrayBuffer();
        return { child, url, startMs: performance.now() - started };
      }
    }
    if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
    await sleep(5);
  }
}
