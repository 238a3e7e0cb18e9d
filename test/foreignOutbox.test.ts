import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { StoreError } from '../src/store/storeError.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { engines } from './support/engines.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

describe.each(engines)('startServiceC on the %s engine, with a drift_outbox of its own', (engine) => {
  const columnsOf = (table: string) =>
    query(scratch.db, `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`);

  it('refuses a drift_outbox that is not the worker’s in one line, and alters nothing', async () => {
    await createDriftPlatform(scratch.db, { rows: 400 });
    await execute(scratch.db, 'CREATE TABLE drift_outbox (x INT)');
    const metadataBefore = await columnsOf('model_metadata');
    await expect(startServiceC({ database: scratch.db, engine }).done).rejects.toThrow(
      new StoreError(
        `"drift_outbox" is not the worker's table (it lacks the columns "run_id", "model_name", "computed_at" and 1 more): name another in schema.driftOutbox`,
      ),
    );
    expect(await columnsOf('model_metadata')).toEqual(metadataBefore);
    expect(await columnsOf('drift_results')).toEqual([]);
  });
});
