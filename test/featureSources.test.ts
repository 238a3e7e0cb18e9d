import { mkdirSync, symlinkSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { nodeEngine } from '../src/engine/nodeEngine.js';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { engines } from './support/engines.js';
import {
  execute,
  literal,
  METADATA_DDL,
  query,
  scratchDatabasePerTest,
  scratchFolder,
  uniform,
} from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const now = () => new Date(Date.UTC(2026, 0, 2));

/** Feature rows with four rows per timestamp, so that only the tie-break decides which rows a stride keeps. */
const tiedRows = (rows: number) => `SELECT TIMESTAMP '2026-01-01' + to_seconds(i // 4) AS event_time,
    i::DOUBLE AS rank, ${uniform(1)} + CASE WHEN i >= ${rows * 0.95} THEN 0.5 ELSE 0 END AS shifted,
    CASE WHEN ${uniform(3)} < 0.5 THEN 'web' ELSE 'ios' END AS channel
  FROM range(${rows}) t(i)`;

const model = (name: string, table: string, features = ['rank', 'shifted', 'channel']) =>
  `INSERT INTO model_metadata VALUES (${literal(name)}, 'production', [${features.map(literal).join(', ')}], ${literal(table)}, 'event_time')`;

/** Each model's drift_results rows without what names the model or the run. */
async function resultsByModel(db: string): Promise<Map<string, Record<string, unknown>[]>> {
  const rows = await query(
    db,
    'SELECT * EXCLUDE (run_id) FROM drift_results ORDER BY model_name, target, feature',
  );
  const byModel = new Map<string, Record<string, unknown>[]>();
  for (const { model_name, ...row } of rows) {
    byModel.set(String(model_name), [...(byModel.get(String(model_name)) ?? []), row]);
  }
  return byModel;
}

const run = async (input: RunOptionsInput) => {
  const summary = await startServiceC({ now, maxRowsPerWindow: 150, ...input }).done;
  return Object.fromEntries(summary.models.map((m) => [m.model, m]));
};

describe('Parquet sources', () => {
  it('give the same drift_results as the table they were written from, bit for bit', async () => {
    const rows = 4000;
    const at = (path: string) => literal(scratch.folder.path(path));
    // Three files in rowid order (part-0 < part-1 < part-2), and the same rows as a hive-partitioned folder.
    const copies = [0, 1, 2].flatMap((part) => {
      const slice = `SELECT * FROM features WHERE rowid >= ${part * 1500} AND rowid < ${(part + 1) * 1500} ORDER BY rowid`;
      return [
        `COPY (${slice}) TO ${at(`parts/part-${part}.parquet`)} (FORMAT parquet)`,
        `COPY (SELECT *, ${part} AS p FROM (${slice})) TO ${at(`hive/p=${part}/data.parquet`)} (FORMAT parquet)`,
      ];
    });
    mkdirSync(scratch.folder.path('parts'));
    for (const part of [0, 1, 2]) mkdirSync(scratch.folder.path(`hive/p=${part}`), { recursive: true });
    await execute(
      scratch.db,
      METADATA_DDL,
      `CREATE TABLE features AS ${tiedRows(rows)} ORDER BY i`,
      ...copies,
      model('on_table', 'features'),
      model('on_glob', 'parquet:parts/part-*.parquet'),
      model('on_hive_folder', 'parquet:hive'),
    );
    const outcomes = await run({ database: scratch.db });
    expect(outcomes.on_table?.status).toBe('alert');
    const results = await resultsByModel(scratch.db);
    expect(results.get('on_table')).toHaveLength(4);
    expect(results.get('on_glob')).toEqual(results.get('on_table'));
    expect(results.get('on_hive_folder')).toEqual(results.get('on_table'));
    // The stride keeps every k-th of tied rows: the tie-break decided the same rows in all three.
    expect(outcomes.on_glob?.features.find((f) => f.feature === 'rank')?.reference.stride).toBe(6);
  });

  it('read prediction events from Parquet, filtered by model', async () => {
    await execute(
      scratch.db,
      METADATA_DDL,
      `CREATE TABLE features AS ${tiedRows(2000)}`,
      `CREATE TABLE model_events AS SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS model_name,
         TIMESTAMP '2026-01-01' + to_seconds(i // 8) AS event_time, ${uniform(9)} AS prediction FROM range(6000) t(i)`,
      `COPY (SELECT * FROM model_events ORDER BY rowid) TO ${literal(scratch.folder.path('events.parquet'))} (FORMAT parquet)`,
      model('a', 'features', ['rank']),
    );
    await run({ database: scratch.db });
    await run({ database: scratch.db, schema: { modelEvents: 'parquet:events.parquet' } });
    const predictions = await query(
      scratch.db,
      `SELECT * EXCLUDE (run_id, computed_at) FROM drift_results WHERE target = 'prediction' ORDER BY computed_at, run_id`,
    );
    expect(predictions).toHaveLength(2);
    expect(predictions[0]?.reference_count).toBe('150');
    // Events tied on time are in table order in the file: the same rows on both runs.
    expect(predictions[1]).toEqual(predictions[0]);
  });

  it('resolve against dataRoot, and read hostile file names as names', async () => {
    const data = scratch.folder.path('it\'s "data" ë');
    mkdirSync(data);
    await execute(
      scratch.db,
      METADATA_DDL,
      `COPY (${tiedRows(2000)}) TO ${literal(`${data}/'); DROP TABLE model_metadata; --.parquet`)} (FORMAT parquet)`,
      model('m', "parquet:*'); DROP TABLE model_metadata; --.parquet"),
    );
    const outcomes = await run({ database: scratch.db, dataRoot: data });
    expect(outcomes.m).toMatchObject({ status: 'alert', error: null });
  });

  it('are a model error, never a read, when the path leaves the data root or the files are unusable', async () => {
    const outside = scratchFolder();
    try {
      const data = scratch.folder.path('data');
      mkdirSync(`${data}/inner`, { recursive: true });
      await execute(
        scratch.db,
        METADATA_DDL,
        `COPY (${tiedRows(2000)}) TO ${literal(outside.path('secret.parquet'))} (FORMAT parquet)`,
        `COPY (${tiedRows(2000)}) TO ${literal(`${data}/inner/ok.parquet`)} (FORMAT parquet)`,
        `COPY (SELECT 1 AS file_index, * FROM (${tiedRows(2000)})) TO ${literal(`${data}/reserved.parquet`)} (FORMAT parquet)`,
      );
      symlinkSync(outside.path(''), `${data}/linked_folder`);
      symlinkSync(outside.path('secret.parquet'), `${data}/inner/linked.parquet`);
      const cases = {
        dot_dot: 'parquet:../../secret.parquet',
        dot_dot_inside_glob: 'parquet:inner/../../*.parquet',
        absolute_elsewhere: `parquet:${outside.path('secret.parquet')}`,
        link_to_folder_out: 'parquet:linked_folder/*.parquet',
        link_matched_by_glob: 'parquet:inner/*.parquet',
        nothing_matches: 'parquet:inner/none-*.parquet',
        no_such_folder: 'parquet:nope/*.parquet',
        fine: 'parquet:inner/ok.parquet',
        reserved_column: 'parquet:reserved.parquet',
      };
      await execute(scratch.db, ...Object.entries(cases).map(([name, table]) => model(name, table)));
      const outcomes = await run({ database: scratch.db, dataRoot: data });
      const errors = Object.fromEntries(Object.entries(outcomes).map(([name, m]) => [name, m.error]));
      expect(errors).toEqual({
        dot_dot: 'Parquet path "../../secret.parquet" leaves the data root',
        dot_dot_inside_glob: 'Parquet path "inner/../../*.parquet" leaves the data root',
        absolute_elsewhere: `Parquet path ${JSON.stringify(outside.path('secret.parquet'))} leaves the data root`,
        link_to_folder_out: 'Parquet path "linked_folder/*.parquet" leaves the data root',
        link_matched_by_glob: 'Parquet file "inner/linked.parquet" links out of the data root',
        nothing_matches: 'no Parquet file matches "inner/none-*.parquet"',
        no_such_folder: 'no Parquet file matches "nope/*.parquet"',
        fine: null,
        reserved_column:
          '"parquet:reserved.parquet" has a column named file_index, which Parquet sources reserve',
      });
    } finally {
      outside.cleanup();
    }
  });

  it('need a dataRoot when the database is an engine the caller passes', async () => {
    await execute(scratch.db, METADATA_DDL, model('m', 'parquet:x.parquet'));
    const instance = await DuckDBInstance.create(scratch.db);
    const connection = await instance.connect();
    try {
      const outcomes = await run({ database: nodeEngine(connection) });
      expect(outcomes.m?.error).toBe('"parquet:x.parquet": Parquet sources need the dataRoot option');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('are a one-line model error on the wasm engine, which cannot read Parquet offline', async () => {
    await execute(
      scratch.db,
      METADATA_DDL,
      `CREATE TABLE features AS ${tiedRows(2000)}`,
      model('p', 'parquet:x.parquet'),
      model('t', 'features'),
    );
    const outcomes = await run({ database: scratch.db, engine: 'wasm' });
    expect(outcomes.p?.error).toBe(
      '"parquet:x.parquet": Parquet needs the native engine (duckdb-wasm fetches its Parquet reader from the network)',
    );
    expect(outcomes.t?.status).toBe('alert');
  });
});

describe.each(engines)('catalog sources on the %s engine', (engine) => {
  it('read a view as the rows it gives', async () => {
    await execute(
      scratch.db,
      METADATA_DDL,
      // Unique timestamps, stored out of time order: the view's order is the table's.
      `CREATE TABLE features AS SELECT * REPLACE (TIMESTAMP '2026-01-01' + to_seconds(rank) AS event_time)
         FROM (${tiedRows(4000)}) ORDER BY hash(rank)`,
      'CREATE VIEW features_view AS SELECT * FROM features',
      model('on_table', 'features'),
      model('on_view', 'features_view'),
      'CREATE TABLE gone AS SELECT 1 AS x',
      'CREATE VIEW broken_view AS SELECT * FROM gone',
      'DROP TABLE gone',
      model('on_broken_view', 'broken_view'),
    );
    const outcomes = await run({ database: scratch.db, engine });
    const results = await resultsByModel(scratch.db);
    expect(outcomes.on_view?.status).toBe('alert');
    expect(results.get('on_view')).toEqual(results.get('on_table'));
    expect(outcomes.on_broken_view?.error).toMatch(/^cannot read "broken_view": /);
  });

  // The database's own catalog name differs between the engines: catalog-qualified names are tested below.
  it('resolve schema-qualified names, hostile ones quoted, and an exact name with dots first', async () => {
    const schema = 's"c.h ë';
    const table = "t.a\"b 'x'";
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    await execute(
      scratch.db,
      METADATA_DDL,
      `CREATE SCHEMA ${quoted(schema)}`,
      `CREATE TABLE ${quoted(schema)}.${quoted(table)} AS ${tiedRows(2000)}`,
      'CREATE SCHEMA s',
      `CREATE TABLE s.t AS ${tiedRows(2000)}`,
      // A table of the default schema whose name has a dot: its own rows, not s.t's.
      `CREATE TABLE "s.t" AS ${tiedRows(3000)}`,
      model('hostile', `${quoted(schema)}.${quoted(table)}`),
      model('qualified', 's.t'),
      model('dotted', 's.t_missing'),
    );
    await execute(
      scratch.db,
      `UPDATE model_metadata SET feature_table = 's.t' WHERE model_name = 'qualified'`,
    );
    const outcomes = await run({ database: scratch.db, engine });
    expect(outcomes.hostile).toMatchObject({ status: 'alert', error: null });
    expect(outcomes.qualified?.features[0]?.reference.end).toBe(3000 * 0.7);
    expect(outcomes.dotted?.error).toBe('table "s.t_missing" does not exist');
  });
});

describe('an attached database', () => {
  it('is read through catalog.schema.table and catalog.table names', async () => {
    const other = scratch.folder.path("other 'db'.duckdb");
    await execute(other, `CREATE TABLE features AS ${tiedRows(2000)}`);
    await execute(scratch.db, `CREATE TABLE features AS ${tiedRows(3000)}`);
    await execute(
      scratch.db,
      METADATA_DDL,
      model('three_parts', 'other.main.features'),
      model('two_parts', 'other.features'),
      model('own_catalog', '"platform"."main"."features"'),
    );
    const instance = await DuckDBInstance.create(scratch.db);
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH ${literal(other)} AS other (READ_ONLY)`);
      const outcomes = await run({ database: nodeEngine(connection) });
      expect(outcomes.three_parts).toMatchObject({ status: 'alert', error: null });
      expect(outcomes.two_parts?.features).toEqual(outcomes.three_parts?.features);
      expect(outcomes.three_parts?.features[0]?.reference.end).toBe(2000 * 0.7);
      expect(outcomes.own_catalog?.features[0]?.reference.end).toBe(3000 * 0.7);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
