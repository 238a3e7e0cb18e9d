import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { hasColumn } from '../store/hasColumn.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';

/**
 * When the newest run recorded in the file wrote its results: the latest last_drift_run_at of the production
 * models; null before any run.
 */
export async function latestStoredRunAt(engine: Engine, schema: Schema): Promise<Date | null> {
  if (!(await hasColumn(engine, schema.modelMetadata, schema.lastDriftRunAt))) return null;
  const q = quoteIdentifier;
  const [[ms] = []] = await engine.rows(
    `SELECT epoch_ms(max(${q(schema.lastDriftRunAt)}))::DOUBLE FROM ${q(schema.modelMetadata)}
     WHERE ${q(schema.status)} = ?`,
    [schema.productionStatus],
  );
  return typeof ms === 'number' ? new Date(ms) : null;
}
