// service-c/edge in the real runtimes, installed from the npm registry as devDependencies: the examples run
// in Deno and Bun, and the example Worker in workerd, on a CSV and on a DuckDB file of the platform; each
// writes the drift_results the Node run writes on the same input, to the last bit (run ids and times aside).
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeReport } from '../src/edge/analyseOnEdge.js';
import { openEngine } from '../src/engine/openEngine.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../src/run/options.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { readDriftResults } from '../src/store/readDriftResults.js';
import { csvDatabase, driftCsv } from './support/driftCsv.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { bunBinary, denoBinary, startWorkerd } from './support/edgeRuntimes.js';
import { scratchFolder } from './support/platformDatabase.js';

const run = promisify(execFile);
const example = (name: string) => new URL(`../examples/edge/${name}`, import.meta.url).pathname;

/** What a run wrote, without what differs between two runs of the same input (its id and its clock). */
interface Written {
  statuses: [model: string, feature: string | null, status: string][];
  /** drift_results as JSON text: JSON keeps every finite double exactly. */
  driftResults: string;
}

function written(summary: RunSummary, driftResults: EdgeReport['driftResults']): Written {
  return {
    statuses: summary.models.flatMap((m) => [
      [m.model, null, m.status] as Written['statuses'][number],
      ...m.features.map((f): Written['statuses'][number] => [m.model, f.feature, f.result.status]),
    ]),
    driftResults: JSON.stringify(driftResults.map(({ run_id: _run, computed_at: _at, ...row }) => row)),
  };
}

async function nodeRun(database: string): Promise<Written> {
  const summary = await startServiceC({ database, threads: 1 }).done;
  const engine = await openEngine(database, engineSettings(defaultRunOptions));
  try {
    return written(summary, await readDriftResults(engine, defaultSchema));
  } finally {
    await engine.close();
  }
}

const fromReport = (report: EdgeReport) => written(report.summary, report.driftResults);

/**
 * The data-quality p-values come from the host's Math.exp and Math.log (src/stats/normalSf.ts), whose last
 * bit differs between JavaScript engines: Node 20's V8 gave 0.07795941615922297 where Deno's and workerd's V8
 * and Bun's JavaScriptCore gave 0.07795941615922292. Those columns are equal to 1e-13; every other column,
 * every statistic of the WebAssembly kernel included, bit for bit.
 */
const HOST_MATH_COLUMNS = ['missing_rate_pvalue', 'out_of_range_pvalue', 'out_of_quantiles_pvalue'];
const withinHostMath = (row: Record<string, unknown>) => ({
  ...row,
  ...Object.fromEntries(
    HOST_MATH_COLUMNS.flatMap((column) => {
      const value = row[column];
      return typeof value === 'number' ? [[column, expect.closeTo(value, 13)]] : [];
    }),
  ),
});

/** Bytes that are no file of any kind: the same every run (a linear congruential sequence). */
const RANDOM = Uint8Array.from({ length: 4096 }, (_, i) => (i * 1103515245 + 12345) >>> 16);
const RANDOM_DUCKDB_LINE = '"random.duckdb" is not a DuckDB database file (its header is not DuckDB\'s)';

describe('service-c/edge writes the drift_results of the Node run', () => {
  const folder = scratchFolder();
  const csv = folder.path('drift.csv');
  const platform = folder.path('platform.duckdb');
  let expected: [csv: Written, platform: Written];

  beforeAll(async () => {
    writeFileSync(csv, driftCsv(3000));
    const csvNode = folder.path('csv-node.duckdb');
    await csvDatabase(csv, csvNode, 'drift.csv');
    const platformNode = folder.path('platform-node.duckdb');
    await createDriftPlatform(platformNode, {
      rows: 3000,
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['gappy', 'clean'] },
    });
    copyFileSync(platformNode, platform);
    expected = [await nodeRun(csvNode), await nodeRun(platformNode)];
    // The planted drift is there to be found.
    expect(expected[0].statuses).toContainEqual(['drift.csv', 'amount', 'alert']);
    expect(expected[1].statuses.map(([, , status]) => status)).toContain('alert');
  }, 60_000);

  afterAll(() => folder.cleanup());

  const expectSame = (reports: EdgeReport[]) => {
    expect(reports.map((r) => r.kind)).toEqual(['csv', 'duckdb']);
    const got = reports.map(fromReport);
    for (const [i, want] of expected.entries()) {
      expect(got[i]?.statuses).toEqual(want.statuses);
      expect(JSON.parse(got[i]?.driftResults ?? '')).toEqual(
        (JSON.parse(want.driftResults) as Record<string, unknown>[]).map(withinHostMath),
      );
    }
  };

  const lines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EdgeReport);

  it('in Deno (its Web Workers for the kernel, no permission but reading files)', async () => {
    const { stdout } = await run(denoBinary, ['run', '--allow-read', example('deno.ts'), csv, platform], {
      cwd: folder.path('.'),
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    expectSame(lines(stdout));
  }, 60_000);

  it('in Bun (its Web Workers for the kernel)', async () => {
    const { stdout } = await run(bunBinary, [example('bun.ts'), csv, platform], { cwd: folder.path('.') });
    expectSame(lines(stdout));
  }, 60_000);

  it('in Node, two calls at once on one database both answered, later ones too; a file no reader knows in one line', async () => {
    const edge = (await import(
      new URL('../dist/edge/edge.js', import.meta.url).href
    )) as typeof import('../src/edge/index.js');
    const wasm = new URL(import.meta.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
    const db = await edge.openEdgeDuckDB({ wasm });
    const analyse = (file: string, name: string) =>
      edge.analyseOnEdge(db, { bytes: new Uint8Array(readFileSync(file)), name });
    expectSame(await Promise.all([analyse(csv, 'drift.csv'), analyse(platform, 'platform.duckdb')]));
    expectSame([await analyse(csv, 'drift.csv'), await analyse(platform, 'platform.duckdb')]);
    const random = edge.analyseOnEdge(db, { bytes: RANDOM, name: 'random.duckdb' });
    await expect(random).rejects.toThrow(RANDOM_DUCKDB_LINE);
    await expect(random).rejects.toHaveProperty('name', 'StoreError');
    // As a CSV, its error names the file by its own name, never by the one it was registered under.
    const csvError = await edge.analyseOnEdge(db, { bytes: RANDOM, name: 'random.csv' }).catch(String);
    expect(csvError).toContain('"random.csv"');
    expect(csvError).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expectSame([await analyse(csv, 'drift.csv'), await analyse(platform, 'platform.duckdb')]);
  }, 120_000);

  it('in workerd (no Web Workers, no compiling at run time), one request after another, a bad file in one line', async () => {
    const workerd = await startWorkerd(folder);
    try {
      const post = async (file: string, name: string) => {
        const response = await fetch(`${workerd.url}/?name=${name}`, {
          method: 'POST',
          body: readFileSync(file),
        });
        const report = (await response.json()) as EdgeReport & { error?: string };
        expect(report.error, name).toBeUndefined();
        return report;
      };
      const first = await post(csv, 'drift.csv');
      const second = await post(platform, 'platform.duckdb');
      const again = await post(csv, 'drift.csv');
      expectSame([first, second]);
      expect(fromReport(again)).toEqual(fromReport(first));
      // Requests that come together take turns in the isolate's one database.
      const together = await Promise.all([post(csv, 'drift.csv'), post(platform, 'platform.duckdb')]);
      expectSame(together);
      // Random bytes named .duckdb: one plain line, not a CSV reader's complaint about a name of ours.
      const random = await fetch(`${workerd.url}/?name=random.duckdb`, { method: 'POST', body: RANDOM });
      expect(random.status).toBe(422);
      expect(await random.json()).toEqual({ error: RANDOM_DUCKDB_LINE });
      // A file it cannot read gets one line, and the next request is answered as before.
      const bad = await fetch(`${workerd.url}/?name=bad.csv`, {
        method: 'POST',
        body: 'just,two\ncolumns,here\n',
      });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: string }).error).toMatch(/^[^\n]*no timestamp column/);
      expect(fromReport(await post(csv, 'drift.csv'))).toEqual(fromReport(first));
      expect((await fetch(workerd.url)).status).toBe(405);
    } finally {
      await workerd.stop();
    }
  }, 60_000);
});

describe('the service-c/edge bundle', () => {
  it('imports nothing of Node, native DuckDB or tinypool (workerd loading it is the test above)', () => {
    for (const file of ['edge.js', 'driftWorker.js']) {
      const bundle = readFileSync(new URL(`../dist/edge/${file}`, import.meta.url), 'utf8');
      expect(bundle, file).not.toMatch(/^import\s|from\s*["']node:|tinypool|@duckdb\/node-(api|bindings)/m);
    }
  });
});
