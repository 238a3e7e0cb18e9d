import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { publishedAtColumn } from './ensureDriftSchema.js';
import { outboxColumns } from './outboxColumns.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';

/**
 * Creates the outbox when missing. A store from before the outbox kept its queue in drift_results'
 * published_at: its model rows still unpublished move into the new outbox in the same transaction, so
 * they are published once.
 */
export async function ensureOutbox(engine: Engine, schema: Schema): Promise<void> {
  const [exists] = await engine.rows(
    'SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()',
    [schema.driftOutbox],
  );
  if (Number(exists?.[0]) > 0) return;
  const outbox = q(schema.driftOutbox);
  const names = outboxColumns.map(([name]) => q(name)).join(', ');
  await engine.run('BEGIN TRANSACTION');
  try {
    await engine.run(
      `CREATE TABLE ${outbox} (${outboxColumns.map(([name, type]) => `${q(name)} ${type}`).join(', ')})`,
    );
    await engine.run(
      `INSERT INTO ${outbox} (${names}) SELECT ${names} FROM ${q(schema.driftResults)}
       WHERE ${q('target')} = ? AND ${q(publishedAtColumn)} IS NULL`,
      ['model'],
    );
    await engine.run('COMMIT');
  } catch (error) {
    await engine.run('ROLLBACK');
    throw error;
  }
}
