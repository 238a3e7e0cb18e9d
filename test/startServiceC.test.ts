import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { RunRegistry } from '../src/run/runRegistry.js';
import { sharedRuns, startServiceC } from '../src/run/startServiceC.js';
import { StoreError } from '../src/store/storeError.js';
import { OptionsError } from '../src/util/optionsError.js';
import { engines } from './support/engines.js';
import {
  execute,
  featureTableSql,
  literal,
  METADATA_DDL,
  query,
  scratchDatabasePerTest,
  uniform,
} from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

async function platform(rows = 20_000) {
  await execute(
    scratch.db,
    METADATA_DDL,
    featureTableSql('features_a', rows),
    `INSERT INTO model_metadata VALUES
      ('model_a', 'production', ['rank', 'clean', 'shifted', 'channel', 'gappy'], 'features_a', 'event_time'),
      ('model_old', 'archived', ['clean'], 'features_a', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'model_a' AS model_name,
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, ${uniform(6)} AS prediction FROM range(${rows}) t(i)`,
  );
}

const featureRows = (runId: string) =>
  query(
    scratch.db,
    `SELECT * FROM drift_results WHERE run_id = ${literal(runId)} AND target = 'feature' ORDER BY feature`,
  );

describe.each(engines)('startServiceC on the %s engine', (engine) => {
  const start = (input: RunOptionsInput) => startServiceC({ engine, ...input });

  it('finds planted drift and leaves clean features ok', async () => {
    await platform();
    const summary = await start({ database: scratch.db }).done;
    expect(summary.outcome).toBe('success');
    expect(summary.models.map((m) => m.model)).toEqual(['model_a']);
    const [model] = summary.models;
    const status = Object.fromEntries(model?.features.map((f) => [f.feature, f.result.status]) ?? []);
    expect(status).toMatchObject({ clean: 'ok', gappy: 'ok', shifted: 'alert', channel: 'alert' });
    expect(model?.status).toBe('alert');
    expect(model?.scoreSource).toBe('prediction');
    expect(model?.prediction?.result.status).toBe('ok');
  });

  it('selects exact row ranks by timestamp and samples every k-th row from the window start', async () => {
    await platform(20_000);
    const summary = await start({ database: scratch.db, maxRowsPerWindow: 1500 }).done;
    const rank = summary.models[0]?.features.find((f) => f.feature === 'rank');
    // Historical window: ranks [10000, 14000), k = ceil(4000 / 1500) = 3, so ranks 10000, 10003, ..., 13999.
    expect(rank?.reference).toMatchObject({ start: 10_000, end: 14_000, stride: 3, rows: 1334 });
    expect(rank?.result.reference).toMatchObject({
      count: 1334,
      min: 10_000,
      max: 13_999,
      mean: 10_000 + 3 * 666.5,
    });
    // Current window: ranks [19000, 20000), under the cap: every row.
    expect(rank?.current).toMatchObject({ start: 19_000, end: 20_000, stride: 1, rows: 1000 });
    expect(rank?.result.current).toMatchObject({ count: 1000, min: 19_000, max: 19_999 });
  });

  it('counts NULL and NaN as missing', async () => {
    await platform();
    const summary = await start({ database: scratch.db }).done;
    const gappy = summary.models[0]?.features.find((f) => f.feature === 'gappy');
    expect(gappy?.result.reference).toMatchObject({ count: 3200, missing: 800 });
    expect(gappy?.result.bins.reference.at(-1)).toBe(800);
  });

  it('writes a drift_results row per feature, one for the prediction and one for the model', async () => {
    await platform();
    const { runId } = await start({ database: scratch.db }).done;
    const rows = await query(
      scratch.db,
      `SELECT target, count(*)::INTEGER AS n FROM drift_results WHERE run_id = ${literal(runId)} GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { target: 'feature', n: 5 },
      { target: 'model', n: 1 },
      { target: 'prediction', n: 1 },
    ]);
    const shifted = (await featureRows(runId)).find((r) => r.feature === 'shifted');
    expect(shifted).toMatchObject({
      model_name: 'model_a',
      status: 'alert',
      kind: 'numeric',
      reference_start: '10000',
      current_end: '20000',
    });
    expect(shifted?.psi).toBeGreaterThan(0.25);
    expect(shifted?.bin_edges).toHaveLength(9);
  });

  it('updates model_metadata with the score, the PSI per feature and the status', async () => {
    await platform();
    const summary = await start({ database: scratch.db }).done;
    const [row] = await query(
      scratch.db,
      `SELECT model_drift_score, map_keys(feature_drift_scores) AS features, drift_status,
      last_drift_run_at IS NOT NULL AS stamped FROM model_metadata WHERE model_name = 'model_a'`,
    );
    expect(row).toMatchObject({
      drift_status: 'alert',
      stamped: true,
      model_drift_score: summary.models[0]?.score,
    });
    expect([...((row?.features ?? []) as string[])].sort()).toEqual([
      'channel',
      'clean',
      'gappy',
      'rank',
      'shifted',
    ]);
    const [archived] = await query(
      scratch.db,
      `SELECT drift_status FROM model_metadata WHERE model_name = 'model_old'`,
    );
    expect(archived?.drift_status).toBeNull();
  });

  it('keeps the history across runs', async () => {
    await platform();
    const first = await start({ database: scratch.db }).done;
    const second = await start({ database: scratch.db }).done;
    expect(second.runId).not.toBe(first.runId);
    const runs = await query(
      scratch.db,
      `SELECT run_id, count(*)::INTEGER AS n FROM drift_results GROUP BY ALL`,
    );
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.n === 7)).toBe(true);
  });

  it('shares one run between overlapping calls', async () => {
    await platform();
    const first = start({ database: scratch.db });
    const second = start({ database: scratch.db });
    expect(second).toBe(first);
    await first.done;
    const next = start({ database: scratch.db });
    expect(next).not.toBe(first);
    await next.done;
  });

  it('stops cleanly when cancelled, leaving no half-written model', async () => {
    await platform(200_000);
    await execute(
      scratch.db,
      `INSERT INTO model_metadata SELECT 'model_' || i, 'production', ['clean', 'shifted'], 'features_a', 'event_time' FROM range(5) t(i)`,
    );
    const controller = new AbortController();
    const run = start({
      database: scratch.db,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.modelsDone === 1) controller.abort();
      },
    });
    const summary = await run.done;
    expect(summary.outcome).toBe('cancelled');
    expect(summary.models.length).toBeLessThan(6);
    const written = await query(
      scratch.db,
      `SELECT model_name, count(*)::INTEGER AS n FROM drift_results GROUP BY ALL`,
    );
    const updated = await query(
      scratch.db,
      `SELECT model_name FROM model_metadata WHERE drift_status IS NOT NULL ORDER BY ALL`,
    );
    expect(written.map((r) => r.model_name).sort()).toEqual(summary.models.map((m) => m.model).sort());
    expect(updated.map((r) => r.model_name).sort()).toEqual(summary.models.map((m) => m.model).sort());
  });

  it('stops when cancelled through its handle before any model is done', async () => {
    await platform();
    const run = start({ database: scratch.db });
    run.cancel();
    const summary = await run.done;
    expect(summary).toMatchObject({ outcome: 'cancelled', models: [] });
    expect(await query(scratch.db, 'SELECT count(*)::INTEGER AS n FROM drift_results')).toEqual([{ n: 0 }]);
  });

  it('records a failing model as error and goes on with the others', async () => {
    await platform();
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

  it('scores a model without events by its largest feature PSI, and says so', async () => {
    await platform();
    await execute(scratch.db, `DELETE FROM model_events`);
    const summary = await start({ database: scratch.db }).done;
    const [model] = summary.models;
    const largest = Math.max(...(model?.features.map((f) => f.result.psi ?? 0) ?? []));
    expect(model).toMatchObject({ scoreSource: 'max_feature_psi', score: largest, prediction: null });
    const [row] = await query(
      scratch.db,
      `SELECT message, model_score FROM drift_results WHERE target = 'model'`,
    );
    expect(row).toEqual({
      message: 'no events: the model score is the largest feature PSI',
      model_score: largest,
    });
  });

  it('compares the last closed time bucket in time mode', async () => {
    await platform(20_000);
    // Rows are one second apart from 2026-01-01 00:00:00; 20000 s is 5 h 33 min 20 s.
    const now = new Date(Date.UTC(2026, 0, 1, 5, 40));
    const summary = await start({
      database: scratch.db,
      now: () => now,
      windows: { kind: 'time', bucketMs: 3_600_000, historicalFrom: 0.5, historicalTo: 0.7 },
    }).done;
    const rank = summary.models[0]?.features.find((f) => f.feature === 'rank');
    // The last closed hour is 04:00-05:00: ranks 14400 to 17999.
    expect(rank?.result.current).toMatchObject({ count: 3600, min: 14_400, max: 17_999 });
    expect(rank?.result.reference).toMatchObject({ min: 10_000, max: 13_999 });
  });

  it('calls onRunStart first, then onModelWritten once each model is committed', async () => {
    await platform();
    const events: string[] = [];
    await start({
      database: scratch.db,
      onRunStart: ({ models }) => {
        events.push(`start ${models.join(',')}`);
      },
      onModelWritten: async ({ runId, outcome, engine: runEngine }) => {
        const [[count] = []] = await runEngine.rows(
          'SELECT count(*)::INTEGER FROM drift_results WHERE run_id = ? AND model_name = ?',
          [runId, outcome.model],
        );
        events.push(`written ${outcome.model} ${count} rows`);
      },
    }).done;
    expect(events).toEqual(['start model_a', 'written model_a 7 rows']);
  });

  it('reports progress up to every model and feature', async () => {
    await platform();
    const seen: number[] = [];
    const summary = await start({
      database: scratch.db,
      onProgress: (p) => seen.push(p.featuresDone),
    }).done;
    expect(summary.outcome).toBe('success');
    expect(seen.at(-1)).toBe(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
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
    await platform(1000);
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
    await platform(1000);
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
    await platform(1000);
    await looseMetadataWith(
      `INSERT INTO model_metadata VALUES (NULL, 'production', ['clean'], 'features_a', 'event_time')`,
    );
    const summary = await startServiceC({ database: scratch.db, engine }).done;
    expect(summary.models.map((m) => [m.model, m.status])).toEqual([['model_a', 'alert']]);
    expect(summary.warnings).toEqual(['1 production row of "model_metadata" without a model_name: skipped']);
  });

  it('records two production rows of one name as an error for that name, and analyses the others', async () => {
    await platform(1000);
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

describe('startServiceC on a platform without an events table', () => {
  it('scores its model by the features, not as an error', async () => {
    await platform(1000);
    await execute(scratch.db, 'DROP TABLE model_events');
    const [model] = (await startServiceC({ database: scratch.db }).done).models;
    expect(model?.status).not.toBe('error');
    expect(model).toMatchObject({ scoreSource: 'max_feature_psi', prediction: null });
  });
});

describe('startServiceC with a run registry of its own', () => {
  it('shares one run between overlapping calls on it, leaves the shared registry alone and forgets the run once done', async () => {
    await platform(1000);
    const runs = new RunRegistry();
    const first = startServiceC({ database: scratch.db }, runs);
    expect(startServiceC({ database: scratch.db }, runs)).toBe(first);
    expect([runs.size, sharedRuns.size]).toEqual([1, 0]);
    await first.done;
    expect(runs.size).toBe(0);
    const next = startServiceC({ database: scratch.db }, runs);
    expect(next).not.toBe(first);
    await next.done;
  });

  it('forgets a run whose database cannot be used', async () => {
    const runs = new RunRegistry();
    await expect(
      startServiceC({ database: scratch.folder.path('missing.duckdb') }, runs).done,
    ).rejects.toThrow(StoreError);
    expect(runs.size).toBe(0);
  });
});

describe('startServiceC on one database named two ways', () => {
  it('knows it by the file, not the name: a run through a symlink and one on its target never overlap', async () => {
    await platform(1000);
    const link = scratch.folder.path('link.duckdb');
    symlinkSync(scratch.db, link);
    const first = startServiceC({ database: link });
    expect(startServiceC({ database: scratch.db })).toBe(first);
    expect((await first.done).outcome).toBe('success');
  });
});

describe.each(engines)('startServiceC on the %s engine, on a read-only database', (engine) => {
  it('refuses it in one line before computing anything', async () => {
    await platform(1000);
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
    await platform(1000);
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
      await expect(startServiceC({ database: scratch.db }).done).rejects.toThrow(
        /database is locked by another process/,
      );
    } finally {
      holder.kill();
    }
  });
});

describe('both engines on the same platform database', () => {
  it('give identical summaries and write identical rows', async () => {
    await platform(30_000);
    await execute(
      scratch.db,
      `INSERT INTO model_metadata VALUES
        ('model_b', 'production', ['clean', 'channel'], 'features_a', 'event_time'),
        ('no_column', 'production', ['clean', 'nope'], 'features_a', 'event_time')`,
    );
    const wasmDb = scratch.folder.path('wasm.duckdb');
    copyFileSync(scratch.db, wasmDb);
    // One clock for both: every timestamp they write is the same too.
    const now = () => new Date(Date.UTC(2026, 0, 1, 9, 30));
    const options = { maxRowsPerWindow: 4000, now };
    const native = await startServiceC({ ...options, database: scratch.db, engine: 'node' }).done;
    const wasm = await startServiceC({ ...options, database: wasmDb, engine: 'wasm' }).done;
    expect(native.models.map((m) => m.status)).toEqual(['alert', 'alert', 'error']);
    // Object.is on every number: the same to the last bit, NaN and -0 included.
    expect(wasm.models).toEqual(native.models);
    const written = (path: string) =>
      query(path, 'SELECT * EXCLUDE (run_id) FROM drift_results ORDER BY model_name, target, feature');
    expect(await written(wasmDb)).toEqual(await written(scratch.db));
    const metadata = (path: string) => query(path, 'SELECT * FROM model_metadata ORDER BY model_name');
    expect(await metadata(wasmDb)).toEqual(await metadata(scratch.db));
  });
});

describe('startServiceC with impossible options', () => {
  const database = 'never-opened.duckdb';
  const fractionWindows = {
    kind: 'fraction',
    historicalFrom: 0.5,
    historicalTo: 0.7,
    currentFrom: 0.95,
    currentTo: 1,
  };
  // Each is refused synchronously with an OptionsError (a RangeError) naming the option, before a database or pool is opened.
  it.each<[string, Record<string, unknown>, string]>([
    ['a typo', { threads: 1, thread: 2 }, 'unknown option thread'],
    ['a typo in a group', { compare: { psiAlret: 0.3 } }, 'unknown option compare.psiAlret'],
    [
      'a schema name that does not exist',
      { schema: { modelNames: 'm' } },
      'unknown option schema.modelNames',
    ],
    [
      'an empty schema name',
      { schema: { modelName: '' } },
      'schema.modelName must be a non-empty string, got ""',
    ],
    [
      'a niceness above the OS range',
      { niceness: 100 },
      'niceness must be an integer from -20 to 19, got 100',
    ],
    ['a fractional niceness', { niceness: 1.5 }, 'niceness must be an integer from -20 to 19, got 1.5'],
    ['threads as text', { threads: '2' }, 'threads must be an integer from 1 to 256, got "2"'],
    ['fractional threads', { threads: 1.5 }, 'threads must be an integer from 1 to 256, got 1.5'],
    [
      'no rows per window',
      { maxRowsPerWindow: 0 },
      'maxRowsPerWindow must be an integer of at least 1, got 0',
    ],
    [
      'a threshold as text',
      { compare: { psiAlert: 'x' } },
      'compare.psiAlert must be a number of at least 0, got "x"',
    ],
    [
      'a warning above the alert',
      { compare: { psiWarning: 0.3, psiAlert: 0.2 } },
      'compare: psiWarning must be at most psiAlert, got 0.3 > 0.2',
    ],
    [
      'categorical as text',
      { compare: { categorical: 'false' } },
      'compare.categorical must be true or false, got "false"',
    ],
    ['one bin', { compare: { bins: 1 } }, 'compare.bins must be an integer from 2 to 100000, got 1'],
    ['a group that is not an object', { compare: 42 }, 'compare must be an object, got 42'],
    ['a database that is a number', { database: 42 }, 'database must be a file path or an Engine, got 42'],
    ['an unknown engine', { engine: 'sqlite' }, 'engine must be "node" or "wasm", got "sqlite"'],
    ['an empty dataRoot', { dataRoot: '' }, 'dataRoot must be a non-empty string, got ""'],
    [
      'a misspelt window kind',
      { windows: { ...fractionWindows, kind: 'fractoin' } },
      'windows.kind must be "fraction" or "time", got "fractoin"',
    ],
    [
      'windows in the wrong order',
      { windows: { ...fractionWindows, historicalFrom: 0.7, historicalTo: 0.5 } },
      'windows: historicalFrom must be at most historicalTo, got 0.7 > 0.5',
    ],
    [
      'an empty time bucket',
      { windows: { kind: 'time', bucketMs: 0, historicalFrom: 0.5, historicalTo: 0.7 } },
      'windows.bucketMs must be a positive number, got 0',
    ],
    ['a clock that is not a function', { now: Date.now() }, 'now must be a function, got'],
    ['a signal that is not an AbortSignal', { signal: true }, 'signal must be an AbortSignal, got true'],
  ])('refuses %s with one line naming it', (_, options, message) => {
    const start = () => startServiceC({ database, ...options } as RunOptionsInput);
    expect(start).toThrow(OptionsError);
    expect(start).toThrow(RangeError);
    expect(start).toThrow(message);
    expect(start).not.toThrow(/\n/);
  });

  it('names every problem of one call at once', () => {
    expect(() =>
      startServiceC({ database, threads: 0, niceness: 20, compare: { epsilon: 2 } } as RunOptionsInput),
    ).toThrow(
      'invalid options: compare.epsilon must be a number between 0 and 1, exclusive, got 2; threads must be an integer from 1 to 256, got 0; niceness must be an integer from -20 to 19, got 20',
    );
  });
});
