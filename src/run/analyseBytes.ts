import type { ModelsResponse } from '../api/dashboard.js';
import type { Engine } from '../engine/engine.js';
import type { WasmDuckDB } from '../engine/wasmDuckDB.js';
import { wasmEngine } from '../engine/wasmEngine.js';
import { readModels } from '../store/dashboardQueries.js';
import { importCsvModel } from '../store/importCsv.js';
import { StoreError } from '../store/storeError.js';
import { type CreatePool, localAnalyser } from './localAnalyser.js';
import { type RunOptionsInput, resolveRunOptions, type Schema } from './options.js';
import type { RunSummary } from './outcome.js';
import { runDrift } from './runDrift.js';

/** A duckdb-wasm database that takes files as bytes: a page's AsyncDuckDB, or the blocking bindings. */
export interface BytesDuckDB extends WasmDuckDB {
  open(config: { path?: string; accessMode?: number }): unknown;
}

export interface BytesAnalysis {
  /** How the file was read: a DuckDB file with the platform schema, or a CSV as one model's features. */
  kind: 'duckdb' | 'csv';
  summary: RunSummary;
  /** The models and their latest results, as the dashboard's /api/models answers them. */
  models: ModelsResponse;
  /** The database, results included; the caller closes it. */
  engine: Engine;
  /** The run's table and column names. */
  schema: Schema;
}

export interface BytesInput {
  bytes: Uint8Array;
  /** The file's name: a CSV's model is named after it. */
  name: string;
}

/** duckdb-wasm's DuckDBAccessMode.READ_WRITE. */
const READ_WRITE = 3;

/**
 * Runs the drift analysis on a file's bytes inside duckdb-wasm: a DuckDB file (recognised by its header)
 * goes through the same flow as startServiceC, results written into the in-memory copy; any other file is
 * read as a CSV (see importCsvModel), the model named after the file. The file is registered under a fresh
 * name, so one database serves one analysis after another.
 */
export async function analyseBytes(
  db: BytesDuckDB,
  { bytes, name }: BytesInput,
  run: Omit<RunOptionsInput, 'database'>,
  createPool: CreatePool,
  cores: number,
): Promise<BytesAnalysis> {
  const kind = isDuckDBFile(bytes) ? 'duckdb' : 'csv';
  if (kind === 'csv' && /\.duckdb$/i.test(name)) {
    throw new StoreError(
      `${JSON.stringify(name)} is not a DuckDB database file (its header is not DuckDB's)`,
    );
  }
  const file = `${crypto.randomUUID()}.${kind === 'duckdb' ? 'duckdb' : 'csv'}`;
  await db.registerFileBuffer(file, bytes);
  if (kind === 'duckdb') {
    // Its write-ahead log lives in memory too.
    await db.registerFileBuffer(`${file}.wal`, new Uint8Array(0));
    await db.open({ path: file, accessMode: READ_WRITE });
  } else {
    await db.open({});
  }
  const engine = await wasmEngine(db);
  try {
    const options = resolveRunOptions({ ...run, database: engine }, cores);
    if (kind === 'csv') {
      await importCsvModel(engine, file, name, options.schema).catch((error: unknown) => {
        // DuckDB names the file it was given, a name of ours: the user's file is called by its own.
        if (error instanceof Error) error.message = error.message.replaceAll(file, name);
        throw error;
      });
    }
    const summary = await runDrift({
      runId: crypto.randomUUID(),
      options,
      signal: options.signal ?? new AbortController().signal,
      engine,
      createAnalyser: localAnalyser(createPool),
    });
    const models: ModelsResponse = {
      thresholds: { warning: options.compare.psiWarning, alert: options.compare.psiAlert },
      models: await readModels(engine, options.schema),
    };
    return { kind, summary, models, engine, schema: options.schema };
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
}

/** A DuckDB database file: "DUCK" at byte 8 of its header. */
function isDuckDBFile(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(8, 12)) === 'DUCK';
}
