import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { driftResultColumns } from './driftResultColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { StoreError } from './storeError.js';

/** When a drift_results row reached the stream Service D reads; NULL until then. */
export const publishedAtColumn = 'published_at';

/** Adds what the worker writes when it is missing; never drops or rewrites anything else. */
export async function ensureDriftSchema(engine: Engine, schema: Schema): Promise<void> {
  const metadata = quoteIdentifier(schema.modelMetadata);
  const [exists] = await engine.rows(
    'SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()',
    [schema.modelMetadata],
  );
  if (Number(exists?.[0]) === 0) {
    throw new StoreError(`the database has no ${JSON.stringify(schema.modelMetadata)} table`);
  }
  const added: [string, string][] = [
    [schema.modelDriftScore, 'DOUBLE'],
    [schema.featureDriftScores, 'MAP(VARCHAR, DOUBLE)'],
    [schema.driftStatus, 'VARCHAR'],
    [schema.lastDriftRunAt, 'TIMESTAMP'],
  ];
  for (const [column, type] of added) {
    await engine.run(`ALTER TABLE ${metadata} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column)} ${type}`);
  }
  const columns = driftResultColumns.map(([name, type]) => `${quoteIdentifier(name)} ${type}`).join(', ');
  const results = quoteIdentifier(schema.driftResults);
  await engine.run(`CREATE TABLE IF NOT EXISTS ${results} (${columns})`);
  await engine.run(
    `ALTER TABLE ${results} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(publishedAtColumn)} TIMESTAMP`,
  );
}
