import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach } from 'vitest';

/** A fresh folder for DuckDB files, removed by `cleanup`. */
export function scratchFolder(): { path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'service-c-test-'));
  return { path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For each test of the calling file, a fresh scratch folder with a database path in it, removed after the
 * test. Read `db` and `folder` inside tests, not at load time.
 */
export function scratchDatabasePerTest(): {
  readonly db: string;
  readonly folder: ReturnType<typeof scratchFolder>;
} {
  let current: ReturnType<typeof scratchFolder> | undefined;
  beforeEach(() => {
    current = scratchFolder();
  });
  afterEach(() => current?.cleanup());
  const folder = () => {
    if (current === undefined) throw new Error('scratchDatabasePerTest: only inside a test');
    return current;
  };
  return {
    get folder() {
      return folder();
    },
    get db() {
      return folder().path('platform.duckdb');
    },
  };
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

// Deterministic pseudo-uniforms in [0, 1) from the row number, so that windows are i.i.d. over time.
export const uniform = (salt: number) => `(hash(i, ${salt}) % 1000003)::DOUBLE / 1000003`;

/** A feature table of `rows` rows: `rank` is the row's rank by time, `clean` never drifts, `shifted`
 * drifts by +1 in the newest 5%, `channel` is categorical and shifts there too, `gappy` has NULL and NaN. */
export function featureTableSql(name: string, rows: number) {
  const newest = Math.floor(rows * 0.95);
  return `CREATE TABLE ${name} AS SELECT
      TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
      i::DOUBLE AS rank,
      ${uniform(1)} AS clean,
      ${uniform(2)} + CASE WHEN i >= ${newest} THEN 1 ELSE 0 END AS shifted,
      CASE WHEN i >= ${newest} AND ${uniform(3)} < 0.6 THEN 'ios' WHEN ${uniform(3)} < 0.5 THEN 'web' ELSE 'android' END AS channel,
      CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN 'NaN'::DOUBLE ELSE ${uniform(4)} END AS gappy
    FROM range(${rows}) t(i)
    ORDER BY ${uniform(5)}`; // stored out of time order: the worker must order by timestamp itself
}
