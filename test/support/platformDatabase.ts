import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A fresh folder for DuckDB files, removed by `cleanup`. */
export function scratchFolder(): { path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'service-c-test-'));
  return { path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs statements on a DuckDB file (creating it), then closes it so the worker can open it. */
export async function execute(path: string, ...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows of a query as JSON-friendly values. */
export async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export const METADATA_DDL = `CREATE TABLE model_metadata(
  model_name VARCHAR PRIMARY KEY,
  status VARCHAR NOT NULL,
  features VARCHAR[] NOT NULL,
  feature_table VARCHAR NOT NULL,
  timestamp_column VARCHAR NOT NULL DEFAULT 'event_time')`;

/** SQL literal of a string, for test fixtures only (the worker itself binds values). */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
