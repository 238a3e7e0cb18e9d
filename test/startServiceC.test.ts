// startServiceC as an API: both engines agree to the last bit on one store, and options it cannot take are
// refused before anything is opened. What a run finds is in runFindings, its course in runLifecycle, stores
// it cannot use in runBadStores.
import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { OptionsError } from '../src/util/optionsError.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { createStartPlatform } from './support/startPlatform.js';

const scratch = scratchDatabasePerTest();

describe('both engines on the same platform database', () => {
  it('give identical summaries and write identical rows', async () => {
    await createStartPlatform(scratch.db, 30_000);
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
