import type { ModelsResponse } from '../api/dashboard.js';
import type { SqlValue } from '../engine/engine.js';
import { analyseBytes, type BytesDuckDB, type BytesInput } from '../run/analyseBytes.js';
import type { RunOptionsInput } from '../run/options.js';
import type { RunSummary } from '../run/outcome.js';
import { readDriftResults } from '../store/readDriftResults.js';
import { createEdgePool, type EdgePoolOptions } from './createEdgePool.js';
import { oneAtATime } from './oneAtATime.js';

export interface EdgeAnalysisOptions {
  pool?: EdgePoolOptions;
  run?: Omit<RunOptionsInput, 'database'>;
}

/** What an edge analysis answers: the run, the models' latest state, and every drift_results row it wrote. */
export interface EdgeReport {
  kind: 'duckdb' | 'csv';
  summary: RunSummary;
  models: ModelsResponse;
  driftResults: Record<string, SqlValue>[];
}

/**
 * One analysis of a file's bytes (a DuckDB file or a CSV, see analyseBytes) on a database from
 * openEdgeDuckDB, which stays open for the next one; the file and its results are dropped afterwards,
 * also when the analysis fails.
 * Calls on one database take turns, in the order they were made: each opens a new database in it.
 */
export function analyseOnEdge(
  db: BytesDuckDB & { dropFiles(): unknown },
  input: BytesInput,
  options: EdgeAnalysisOptions = {},
): Promise<EdgeReport> {
  return oneAtATime(db, () => analyseAlone(db, input, options));
}

async function analyseAlone(
  db: BytesDuckDB & { dropFiles(): unknown },
  input: BytesInput,
  { pool = {}, run = {} }: EdgeAnalysisOptions,
): Promise<EdgeReport> {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  try {
    const { kind, summary, models, engine, schema } = await analyseBytes(
      db,
      input,
      run,
      (options) => createEdgePool(pool, options),
      cores,
    );
    try {
      return { kind, summary, models, driftResults: await readDriftResults(engine, schema) };
    } finally {
      await engine.close();
    }
  } finally {
    // A fresh in-memory database, and the file's bytes let go, whether the analysis succeeded or not.
    await db.open({});
    await db.dropFiles();
  }
}
