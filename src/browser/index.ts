// service-c/browser: the whole analysis in a page. duckdb-wasm holds the user's file in the page's memory,
// the kernel runs in Web Workers, and nothing is sent anywhere: the only requests are for the code itself.
import {
  AsyncDuckDB,
  DuckDBAccessMode,
  type DuckDBBundles,
  selectBundle,
  VoidLogger,
} from '@duckdb/duckdb-wasm';
import type { Engine } from '../engine/engine.js';
import { wasmEngine } from '../engine/wasmEngine.js';
import { localAnalyser } from '../run/localAnalyser.js';
import { type RunOptionsInput, resolveRunOptions } from '../run/options.js';
import type { RunSummary } from '../run/outcome.js';
import { runDrift } from '../run/runDrift.js';
import { readModels } from '../store/dashboardQueries.js';
import { importCsvModel } from '../store/importCsv.js';
import type { ModelsResponse } from '../web/api.js';
import { createWorkerPool } from './workerPool.js';

export interface BrowserAnalysisOptions {
  /** The folder duckdb-wasm's browser files are served from (`service-c serve`: /duckdb/). */
  duckdbFiles: string;
  /** The pool workers' script: the bundle's driftWorker.js, next to this module. */
  driftWorker: string;
  /** The run's options as startServiceC takes them; the database is the page's own. */
  run: Omit<RunOptionsInput, 'database'>;
}

export const defaultBrowserAnalysisOptions: Readonly<BrowserAnalysisOptions> = Object.freeze({
  duckdbFiles: '/duckdb/',
  driftWorker: new URL('driftWorker.js', import.meta.url).href,
  run: Object.freeze({}),
});

export interface BrowserAnalysis {
  /** How the file was read: a DuckDB file with the platform schema, or a CSV as one model's features. */
  kind: 'duckdb' | 'csv';
  summary: RunSummary;
  /** The models and their latest results, as the dashboard's /api/models answers them. */
  models: ModelsResponse;
  /** The page's database, results included; open until `close`. */
  engine: Engine;
  close(): Promise<void>;
}

/** Names of the user's file inside duckdb-wasm. */
const DATABASE = 'input.duckdb';
const CSV = 'input.csv';

/**
 * Runs the drift analysis on a file the user opened: a DuckDB file (recognised by its header) goes through
 * the same flow as startServiceC, results written into the page's copy; any other file is read as a CSV
 * (see importCsvModel), the model named after the file.
 */
export async function analyseFile(
  file: Blob & { readonly name: string },
  input: Partial<BrowserAnalysisOptions> = {},
): Promise<BrowserAnalysis> {
  const options = { ...defaultBrowserAnalysisOptions, ...input };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = isDuckDBFile(bytes) ? 'duckdb' : 'csv';
  const db = await openDuckDB(options.duckdbFiles);
  let engine: Engine | undefined;
  try {
    if (kind === 'duckdb') {
      await db.registerFileBuffer(DATABASE, bytes);
      // Its write-ahead log lives in the page's memory too.
      await db.registerFileBuffer(`${DATABASE}.wal`, new Uint8Array(0));
      await db.open({ path: DATABASE, accessMode: DuckDBAccessMode.READ_WRITE });
    } else {
      await db.registerFileBuffer(CSV, bytes);
      await db.open({});
    }
    engine = await wasmEngine(db);
    const run = resolveRunOptions({ ...options.run, database: engine }, navigator.hardwareConcurrency);
    if (kind === 'csv') await importCsvModel(engine, CSV, file.name, run.schema);
    const summary = await runDrift({
      runId: crypto.randomUUID(),
      options: run,
      signal: run.signal ?? new AbortController().signal,
      engine,
      createAnalyser: localAnalyser((pool) => createWorkerPool(options.driftWorker, pool)),
    });
    const models: ModelsResponse = {
      thresholds: { warning: run.compare.psiWarning, alert: run.compare.psiAlert },
      models: await readModels(engine, run.schema),
    };
    const open = engine;
    return { kind, summary, models, engine, close: () => open.close().finally(() => db.terminate()) };
  } catch (error) {
    await engine?.close().catch(() => {});
    await db.terminate();
    throw error;
  }
}

/** A DuckDB database file: "DUCK" at byte 8 of its header. */
function isDuckDBFile(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(8, 12)) === 'DUCK';
}

async function openDuckDB(folder: string): Promise<AsyncDuckDB> {
  const base = new URL(folder, document.baseURI);
  const file = (name: string) => new URL(name, base).href;
  const bundles: DuckDBBundles = {
    mvp: { mainModule: file('duckdb-mvp.wasm'), mainWorker: file('duckdb-browser-mvp.worker.js') },
    eh: { mainModule: file('duckdb-eh.wasm'), mainWorker: file('duckdb-browser-eh.worker.js') },
  };
  const bundle = await selectBundle(bundles);
  const db = new AsyncDuckDB(new VoidLogger(), new Worker(bundle.mainWorker ?? bundles.mvp.mainWorker));
  await db.instantiate(bundle.mainModule);
  return db;
}
