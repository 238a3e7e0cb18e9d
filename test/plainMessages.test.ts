import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { nodeEngine } from '../src/engine/nodeEngine.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { StoreError } from '../src/store/storeError.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/** Each model's error, by name, after one run. */
async function errors(): Promise<Record<string, string | null>> {
  const summary = await startServiceC({ database: scratch.db }).done;
  return Object.fromEntries(summary.models.map((m) => [m.model, m.error]));
}

describe('plain messages for what a store may hold', () => {
  it("refuses a table with its own rowid column in words, not as a row count's surprise", async () => {
    await createDriftPlatform(scratch.db, { rows: 2000, models: { model_a: ['clean'] }, events: false });
    await execute(
      scratch.db,
      'ALTER TABLE features ADD COLUMN rowid BIGINT',
      'UPDATE features SET rowid = 7',
    );
    expect(await errors()).toEqual({
      model_a:
        'table "features" has a column named rowid, which hides DuckDB\'s row id the worker tells rows apart by: rename it, or read the table through a view',
    });
  });

  it('refuses a pin at ±infinity or before the year 1, naming the column and the value', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2000,
      models: { infinite: ['clean'], negative: ['clean'], bc: ['clean'] },
      events: false,
    });
    await execute(
      scratch.db,
      'ALTER TABLE model_metadata ADD COLUMN baseline_from TIMESTAMP',
      'ALTER TABLE model_metadata ADD COLUMN baseline_to TIMESTAMP',
      `UPDATE model_metadata SET baseline_from = TIMESTAMP '2026-01-01', baseline_to = 'infinity'::TIMESTAMP
       WHERE model_name = 'infinite'`,
      `UPDATE model_metadata SET baseline_from = '-infinity'::TIMESTAMP, baseline_to = TIMESTAMP '2026-01-01'
       WHERE model_name = 'negative'`,
      `UPDATE model_metadata SET baseline_from = TIMESTAMP '0044-03-15 (BC)', baseline_to = TIMESTAMP '2026-01-01'
       WHERE model_name = 'bc'`,
    );
    expect(await errors()).toEqual({
      bc: expect.stringMatching(
        /^baseline_from must be a TIMESTAMP in the years 1 to 9999, got -000043-03-1/,
      ),
      infinite: 'baseline_to must be a TIMESTAMP in the years 1 to 9999, got infinity',
      negative: 'baseline_from must be a TIMESTAMP in the years 1 to 9999, got -infinity',
    });
  });

  it("says labels 'yes'/'no' must be numbers", async () => {
    await createDriftPlatform(scratch.db, { rows: 2000, models: { model_a: ['clean'] } });
    await execute(
      scratch.db,
      'ALTER TABLE model_events ADD COLUMN label VARCHAR',
      "UPDATE model_events SET label = CASE WHEN prediction > 0.5 THEN 'yes' ELSE 'no' END",
    );
    expect(await errors()).toEqual({
      model_a:
        'the label column "label" of "model_events" is VARCHAR: labels must be numbers (0 or 1 for a binary classifier)',
    });
  });

  it('ends a run on a closed connection passed as nodeEngine(…) with a StoreError', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    connection.closeSync();
    await expect(startServiceC({ database: nodeEngine(connection) }).done).rejects.toThrow(
      new StoreError('the DuckDB connection is closed: an engine needs an open one'),
    );
    instance.closeSync();
  });
});
