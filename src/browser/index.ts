// service-c/browser: the whole analysis in a page. duckdb-wasm holds the user's file in the page's memory,
// the kernel runs in Web Workers, and nothing is sent anywhere: the only requests are for the code itself.
import { AsyncDuckDB, type DuckDBBundles, selectBundle, VoidLogger } from '@duckdb/duckdb-wasm';
import { analyseBytes, type BytesAnalysis } from '../run/analyseBytes.js';
import type { RunOptionsInput } from '../run/options.js';
import { checkOptions, shape, text, valid } from '../util/optionRules.js';
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
  // Found when asked for, not when the module loads (a bundler may leave no import.meta.url).
  get driftWorker() {
    return new URL('driftWorker.js', import.meta.url).href;
  },
  run: Object.freeze({}),
});

const browserAnalysisOptionRules = shape<BrowserAnalysisOptions>({
  duckdbFiles: text,
  driftWorker: text,
  // Its fields are the run's, checked by the run's own rules once the database is open.
  run: valid((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object of run options'),
});

export interface BrowserAnalysis extends BytesAnalysis {
  close(): Promise<void>;
}

/**
 * Runs the drift analysis on a file the user opened (see analyseBytes): a DuckDB file goes through the same
 * flow as startServiceC, results written into the page's copy; any other file is read as a CSV.
 */
export async function analyseFile(
  file: Blob & { readonly name: string },
  input: Partial<BrowserAnalysisOptions> = {},
): Promise<BrowserAnalysis> {
  const options = { ...defaultBrowserAnalysisOptions, ...input };
  checkOptions(options, browserAnalysisOptionRules);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const db = await openDuckDB(options.duckdbFiles);
  try {
    const analysis = await analyseBytes(
      db,
      { bytes, name: file.name },
      options.run,
      (pool) => createWorkerPool(options.driftWorker, pool),
      navigator.hardwareConcurrency,
    );
    return { ...analysis, close: () => analysis.engine.close().finally(() => db.terminate()) };
  } catch (error) {
    await db.terminate();
    throw error;
  }
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
