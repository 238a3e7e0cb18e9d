import type { Column } from './driftResultColumns.js';

/**
 * The outbox's columns, named as in drift_results, filled from the model's own row: what a stream entry
 * needs besides the feature rows, and the run's computed_at, which finds those rows without a scan.
 */
export const outboxColumns: readonly Column[] = [
  ['run_id', 'VARCHAR NOT NULL', (r) => r.runId],
  ['model_name', 'VARCHAR NOT NULL', (r) => r.model],
  ['computed_at', 'TIMESTAMP NOT NULL', (r) => r.computedAt],
  ['status', 'VARCHAR NOT NULL', (r) => r.status],
  ['model_score', 'DOUBLE', (r) => r.score],
];
