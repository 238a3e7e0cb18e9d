// Stores a startServiceC run cannot use, in whole or in part, on each engine: models that fail, hostile names,
// missing, foreign, read-only or locked files, tables of an unexpected shape. Each is refused in one line
// and, where the run goes on, the other models are analysed.
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { StoreError } from '../src/store/storeError.js';
import { engines } from './support/engines.js';
import {
  execute,
  literal,
  METADATA_DDL,
  query,
  scratchDatabasePerTest,
  uniform,
} from './support/platformDatabase.js';
import { createStartPlatform } from './support/startPlatform.js';

const scratch = scratchDatabasePerTest();

describe.each(engines)('startServiceC on the %s engine, on models it cannot analyse', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  it('records a failing model as error and goes on with the others', async () => {
    await createStartPlatform(scratch.db);
    await execute(
      scratch.db,
      `INSERT INTO model_metadata VALUES
        ('no_table', 'production', ['x'], 'missing_table', 'event_time'),
        ('no_column', 'production', ['clean', 'nope'], 'features_a', 'event_time'),
        ('bad_type', 'production', ['event_time'], 'features_a', 'event_time'),
        ('empty', 'production', ['x'], 'empty_table', 'event_time')`,
      'CREATE TABLE empty_table (event_time TIMESTAMP, x DOUBLE)',
    );
    const summary = await start({ database: scratch.db }).done;
    const byModel = Object.fromEntries(summary.models.map((m) => [m.model, m]));
    expect(byModel.model_a?.status).toBe('alert');
    expect(byModel.no_table).toMatchObject({
      status: 'error',
      error: 'table "missing_table" does not exist',
    });
    expect(byModel.no_column).toMatchObject({
      status: 'error',
      error: 'column "nope" is not in table "features_a"',
    });
    expect(byModel.bad_type?.error).toMatch(
      /"event_time" has type TIMESTAMP, which is neither numeric nor categorical/,
    );
    expect(byModel.empty).toMatchObject({ status: 'error', error: 'the reference window is empty' });
    const [row] = await query(
      scratch.db,
      `SELECT status, message FROM drift_results WHERE model_name = 'no_table'`,
    );
    expect(row).toEqual({ status: 'error', message: 'table "missing_table" does not exist' });
  });

  it('treats hostile model, table and column names as data', async () => {
    const model = `m'); DROP TABLE model_metadata; --`;
    const table = `t"; DROP TABLE model_metadata; --`;
    const column = `c" FROM x; DROP TABLE model_metadata; --`;
    await execute(
      scratch.db,
      METADATA_DDL,
      `CREATE TABLE "${table.replaceAll('"', '""')}" AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
         ${uniform(7)} AS "${column.replaceAll('"', '""')}" FROM range(2000) t(i)`,
      `INSERT INTO model_metadata VALUES (${literal(model)}, 'production', [${literal(column)}], ${literal(table)}, 'event_time')`,
    );
    const summary = await start({ database: scratch.db }).done;
    const [outcome] = summary.models;
    expect(outcome).toMatchObject({ model, error: null });
    expect(outcome?.features.map((f) => f.feature)).toEqual([column]);
    const [row] = await query(scratch.db, `SELECT feature FROM drift_results WHERE target = 'feature'`);
    expect(row?.feature).toBe(column);
    expect(await query(scratch.db, `SELECT drift_status FROM model_metadata`)).toEqual([
      { drift_status: outcome?.status },
    ]);
  });
});

describe.each(engines)('startServiceC on the %s engine, on a database it cannot use', (engine) => {
  it('says a missing database file is missing', async () => {
    await expect(
      startServiceC({ database: scratch.folder.path('nope.duckdb'), engine }).done,
    ).rejects.toThrow(new StoreError(`database file not found: ${scratch.folder.path('nope.duckdb')}`));
  });

  it('says a file that is not a DuckDB database is not one', async () => {
    writeFileSync(scratch.db, 'model_name,status\nmodel_a,production\n'.repeat(500));
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      new StoreError(`not a DuckDB database file: ${scratch.db}`),
    );
  });

  it('says a database without model_metadata has none', async () => {
    await execute(scratch.db, 'CREATE TABLE unrelated (x INTEGER)');
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      'the database has no "model_metadata" table',
    );
  });
});

describe.each(engines)('startServiceC on the %s engine, on a store of an unexpected shape', (engine) => {
  const columnsOf = (table: string) =>
    query(scratch.db, `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`);

  it('refuses a drift_results table that is not its own and alters nothing', async () => {
    await createStartPlatform(scratch.db, 1000);
    await execute(scratch.db, 'CREATE TABLE drift_results (id INTEGER, note VARCHAR)');
    const [before, metadataBefore] = [await columnsOf('drift_results'), await columnsOf('model_metadata')];
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      new StoreError(
        `"drift_results" is not the worker's table (it lacks the columns "run_id", "model_name", "target" and 2 more): name another in schema.driftResults`,
      ),
    );
    expect(await columnsOf('drift_results')).toEqual(before);
    expect(await columnsOf('model_metadata')).toEqual(metadataBefore);
  });

  it('says which column model_metadata lacks, before altering it', async () => {
    await execute(
      scratch.db,
      'CREATE TABLE model_metadata (model_name VARCHAR, status VARCHAR, features VARCHAR[])',
    );
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      new StoreError('"model_metadata" lacks the columns "feature_table", "timestamp_column" the run reads'),
    );
    expect((await columnsOf('model_metadata')).map((c) => c.column_name)).toEqual([
      'model_name',
      'status',
      'features',
    ]);
  });

  it('refuses a model_metadata that is a view', async () => {
    await createStartPlatform(scratch.db, 1000);
    await execute(
      scratch.db,
      'ALTER TABLE model_metadata RENAME TO models',
      'CREATE VIEW model_metadata AS SELECT * FROM models',
    );
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      new StoreError('"model_metadata" is a view, not a table: the worker writes into it'),
    );
  });

  // model_metadata without its primary key, as a platform's may be, holding these rows too.
  const looseMetadataWith = (insert: string) =>
    execute(
      scratch.db,
      'CREATE TABLE loose AS SELECT * FROM model_metadata',
      'DROP TABLE model_metadata',
      'ALTER TABLE loose RENAME TO model_metadata',
      insert,
    );

  it('skips a production row without a name with a warning, and analyses the others', async () => {
    await createStartPlatform(scratch.db, 1000);
    await looseMetadataWith(
      `INSERT INTO model_metadata VALUES (NULL, 'production', ['clean'], 'features_a', 'event_time')`,
    );
    const summary = await startServiceC({ database: scratch.db, engine }).done;
    expect(summary.models.map((m) => [m.model, m.status])).toEqual([['model_a', 'alert']]);
    expect(summary.warnings).toEqual(['1 production row of "model_metadata" without a model_name: skipped']);
  });

  it('records two production rows of one name as an error for that name, and analyses the others', async () => {
    await createStartPlatform(scratch.db, 1000);
    await looseMetadataWith(`INSERT INTO model_metadata VALUES ('model_b', 'production', ['clean'], 'features_a', 'event_time'),
         ('model_b', 'production', ['shifted'], 'features_a', 'event_time')`);
    const summary = await startServiceC({ database: scratch.db, engine }).done;
    expect(summary.models.map((m) => [m.model, m.status, m.error])).toEqual([
      ['model_a', 'alert', null],
      ['model_b', 'error', '2 production rows of "model_metadata" have this name: keep one'],
    ]);
    expect(
      await query(scratch.db, `SELECT drift_status FROM model_metadata WHERE model_name = 'model_b'`),
    ).toEqual([{ drift_status: 'error' }, { drift_status: 'error' }]);
  });
});

describe.each(engines)('startServiceC on the %s engine, on a read-only database', (engine) => {
  it('refuses it in one line before computing anything', async () => {
    await createStartPlatform(scratch.db, 1000);
    chmodSync(scratch.db, 0o444);
    const seen: unknown[] = [];
    await expect(
      startServiceC({ database: scratch.db, engine, onRunStart: (event) => void seen.push(event) }).done,
    ).rejects.toThrow(new StoreError(`database file is read-only: ${scratch.db} (a run writes its results)`));
    expect(seen).toEqual([]);
  });
});

// Native only: duckdb-wasm takes no file lock, so it neither sees another process's lock nor is seen by it.
describe('startServiceC on the node engine, on a database another process holds', () => {
  it('says a database locked by another process is locked', async () => {
    await createStartPlatform(scratch.db, 1000);
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const i = await DuckDBInstance.create(${JSON.stringify(scratch.db)}); await i.connect();
         console.log('locked'); setTimeout(() => {}, 60000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
      // A short lockWaitMs: the default (60 s) waits as long for a holder that never lets go.
      await expect(startServiceC({ database: scratch.db, lockWaitMs: 300 }).done).rejects.toThrow(
        /database is locked by another process/,
      );
    } finally {
      holder.kill();
    }
  });
});
