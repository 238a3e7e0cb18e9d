// The in-browser mode: the dashboard page of `service-c serve` in headless Chromium analyses a CSV and a
// DuckDB file the user opens, with duckdb-wasm and the kernel in Web Workers, and gets what the Node run
// gets on the same data, to the last bit, without a request anywhere but its own server.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine/openEngine.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../src/run/options.js';
import type { ModelOutcome } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { csvFeatureTable, importCsvModel } from '../src/store/importCsv.js';
import { type Browser, launchChromium } from './support/browser.js';
import { csvDatabase, driftCsv } from './support/driftCsv.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, METADATA_DDL, scratchFolder } from './support/platformDatabase.js';
import { type ServeProcess, startServe } from './support/serveProcess.js';

const ROWS = 4000;

interface PageRow {
  feature: string;
  psi: number | null;
  ks: number | null;
  ksPValue: number | null;
  status: string;
}

/** The in-browser results table, with the exact values the rows carry. */
async function analyseInPage(page: Page, file: string): Promise<PageRow[]> {
  await page.locator('#local-file').setInputFiles(file);
  const local = page.locator('#local');
  await page.waitForFunction(
    () => ['done', 'failed'].includes(document.getElementById('local')?.dataset.state ?? ''),
    undefined,
    { timeout: 60_000 },
  );
  if ((await local.getAttribute('data-state')) !== 'done') {
    throw new Error(`in-browser analysis failed: ${await page.locator('#local-state').textContent()}`);
  }
  return page.locator('#local-results tr.feature-row').evaluateAll((rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      const exact = (text: string | undefined) =>
        text === undefined || text === 'null' ? null : Number(text);
      return {
        feature: data.feature ?? '',
        psi: exact(data.psi),
        ks: exact(data.ks),
        ksPValue: exact(data.ksPvalue),
        status: data.status ?? '',
      };
    }),
  );
}

const nodeRows = (outcome: ModelOutcome | undefined): PageRow[] =>
  (outcome?.features ?? []).map(({ feature, result }) => ({
    feature,
    psi: result.psi,
    ks: result.ks?.statistic ?? null,
    ksPValue: result.ks?.pvalue ?? null,
    status: result.status,
  }));

describe('the in-browser mode of the dashboard page', () => {
  const folder = scratchFolder();
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const requests: { method: string; url: string }[] = [];
  /** Every request of the page went to its own server, and only fetched: nothing was sent anywhere. */
  const expectOwnServerOnly = () => {
    const origin = new URL(serve.url).origin;
    expect(requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:'))).toEqual(
      [],
    );
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  };

  beforeAll(async () => {
    const platform = folder.path('platform.duckdb');
    await execute(platform, METADATA_DDL);
    [serve, browser] = await Promise.all([startServe(['--db', platform]), launchChromium()]);
    page = await browser.context.newPage();
    page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
    await page.goto(serve.url);
    await page.waitForSelector('body[data-ready="true"]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    folder.cleanup();
  });

  it('gives the PSI and KS of the Node run on a CSV, exactly, with no request but to its own server', async () => {
    const csv = folder.path('drift.csv');
    writeFileSync(csv, driftCsv(ROWS));

    const pageStart = performance.now();
    const inPage = await analyseInPage(page, csv);
    const pageMs = performance.now() - pageStart;

    const database = folder.path('csv.duckdb');
    const nodeStart = performance.now();
    await csvDatabase(csv, database, 'drift.csv');
    const summary = await startServiceC({ database, threads: 1 }).done;
    console.log(
      `CSV of ${ROWS} rows: in the page ${Math.round(pageMs)} ms, in Node ${Math.round(performance.now() - nodeStart)} ms`,
    );

    const expected = nodeRows(summary.models.find((m) => m.model === 'drift.csv'));
    expect(expected.map((r) => r.feature)).toEqual(['amount', 'latency_ms', 'clicks', 'channel']);
    expect(inPage).toEqual(expected);
    for (const [i, row] of inPage.entries()) {
      const want = expected[i] as PageRow;
      expect(row.psi, row.feature).toBe(want.psi);
      expect(row.ks, row.feature).toBe(want.ks);
      expect(row.ksPValue, row.feature).toBe(want.ksPValue);
    }
    // The planted drift is found, and the clean features stay clean.
    expect(Object.fromEntries(inPage.map((r) => [r.feature, r.status]))).toMatchObject({
      amount: 'alert',
      channel: 'alert',
      latency_ms: 'ok',
    });
    expect(inPage.find((r) => r.feature === 'channel')?.ks).toBeNull();

    const origin = new URL(serve.url).origin;
    expect(requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:'))).toEqual(
      [],
    );
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const paths = new Set(requests.map((r) => new URL(r.url).pathname));
    for (const path of ['/browser.js', '/driftWorker.js', '/build/kernel.wasm', '/duckdb/duckdb-eh.wasm']) {
      expect(paths, path).toContain(path);
    }
  });

  it('gives the statuses of the Node run on a DuckDB file of the platform', async () => {
    const inPageFile = folder.path('platform-copy.duckdb');
    const nodeFile = folder.path('platform-node.duckdb');
    await createDriftPlatform(nodeFile, {
      rows: 6000,
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['gappy', 'clean'] },
    });
    copyFileSync(nodeFile, inPageFile);
    const given = readFileSync(inPageFile);

    const inPage = await analyseInPage(page, inPageFile);
    const summary = await startServiceC({ database: nodeFile, threads: 1 }).done;

    const expected = summary.models.flatMap((m) => nodeRows(m));
    expect(inPage.map((r) => [r.feature, r.status, r.psi])).toEqual(
      expected.map((r) => [r.feature, r.status, r.psi]),
    );
    expect(inPage.map((r) => r.status)).toContain('alert');
    // The results stay in the page: the file it was given is untouched.
    expect(readFileSync(inPageFile).equals(given)).toBe(true);
    expectOwnServerOnly();
  });

  it('serves duckdb-wasm and the kernel at fixed paths, and nothing else of the package', async () => {
    const wasm = await fetch(`${serve.url}/duckdb/duckdb-eh.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    await wasm.arrayBuffer();
    expect((await fetch(`${serve.url}/build/kernel.wasm`)).headers.get('content-type')).toBe(
      'application/wasm',
    );
    for (const path of [
      '/duckdb/',
      '/duckdb/duckdb-node-blocking.cjs',
      '/duckdb/duckdb-browser.mjs',
      '/duckdb/..%2Fpackage.json',
      '/duckdb/%2e%2e/%2e%2e/package.json',
      '/build/',
      '/build/kernel.wat',
      '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm',
    ]) {
      expect((await fetch(`${serve.url}${path}`)).status, path).toBe(404);
    }
  });

  it('keeps Node-only modules out of the browser bundle', () => {
    for (const file of ['browser.js', 'driftWorker.js']) {
      const bundle = readFileSync(new URL(`../dist/web/${file}`, import.meta.url), 'utf8');
      expect(bundle, file).not.toMatch(
        /from\s*["']node:|require\(["']node:|tinypool|@duckdb\/node-(api|bindings)/,
      );
    }
  });
});

describe('importCsvModel', () => {
  it('takes the first TIMESTAMP column when none is named event_time, every other column a feature', async () => {
    const folder = scratchFolder();
    try {
      const csv = folder.path('events.csv');
      writeFileSync(csv, 'id,seen_at,created_at,value\n1,2026-01-01 00:00:00,2026-01-02 00:00:00,0.5\n');
      const database = folder.path('csv.duckdb');
      await execute(database);
      const engine = await openEngine(database, engineSettings(defaultRunOptions));
      try {
        await importCsvModel(engine, csv, "o'model", defaultSchema);
        expect(
          await engine.rows(
            'SELECT model_name, status, features, feature_table, timestamp_column FROM model_metadata',
          ),
        ).toEqual([["o'model", 'production', ['id', 'created_at', 'value'], csvFeatureTable, 'seen_at']]);
        // A second import finds the first one's table: refused, the first model kept.
        await expect(importCsvModel(engine, csv, 'again', defaultSchema)).rejects.toThrow(
          'Table with name "csv_features" already exists',
        );
        expect(await engine.rows('SELECT model_name FROM model_metadata')).toEqual([["o'model"]]);
      } finally {
        await engine.close();
      }
      const untimed = folder.path('untimed.csv');
      writeFileSync(untimed, 'a,b\n1,x\n');
      await execute(folder.path('untimed.duckdb'));
      const other = await openEngine(folder.path('untimed.duckdb'), engineSettings(defaultRunOptions));
      try {
        await expect(importCsvModel(other, untimed, 'm', defaultSchema)).rejects.toThrow(
          /no timestamp column/,
        );
      } finally {
        await other.close();
      }
    } finally {
      folder.cleanup();
    }
  });
});
