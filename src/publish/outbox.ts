import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';
import { publishedAtColumn } from '../store/ensureDriftSchema.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import type { FeatureResultRow, ModelResultRow } from './driftMessage.js';

const q = quoteIdentifier;
const publishedAt = q(publishedAtColumn);

/** The model rows of drift_results not yet published, oldest first (computed_at, run id, model name). */
export async function unpublishedModels(
  connection: DuckDBConnection,
  table: string,
): Promise<ModelResultRow[]> {
  const reader = await connection.runAndReadAll(
    `SELECT ${q('run_id')}, ${q('model_name')}, ${q('status')}, ${q('model_score')}, epoch_ms(${q('computed_at')})::DOUBLE
     FROM ${q(table)} WHERE ${q('target')} = $target AND ${publishedAt} IS NULL
     ORDER BY ${q('computed_at')}, ${q('run_id')}, ${q('model_name')}`,
    { target: 'model' },
  );
  return (reader.getRowsJS() as [string, string, string, number | null, number][]).map(
    ([runId, model, status, score, computedAt]) => ({ runId, model, status, score, computedAt }),
  );
}

/** The feature rows of a model's run, by feature name. */
export async function featureRows(
  connection: DuckDBConnection,
  table: string,
  model: ModelResultRow,
): Promise<FeatureResultRow[]> {
  const reader = await connection.runAndReadAll(
    `SELECT ${q('feature')}, ${q('psi')}, ${q('ks_statistic')}, ${q('ks_pvalue')}, ${q('status')} FROM ${q(table)}
     WHERE ${q('run_id')} = $runId AND ${q('model_name')} = $model AND ${q('target')} = $target ORDER BY ${q('feature')}`,
    { runId: model.runId, model: model.model, target: 'feature' },
  );
  return (reader.getRowsJS() as [string, number | null, number | null, number | null, string][]).map(
    ([feature, psi, ksStatistic, ksPValue, status]) => ({ feature, psi, ksStatistic, ksPValue, status }),
  );
}

/** Stamps every row of the model's run (features, prediction and the model's own) as published. */
export async function markPublished(
  connection: DuckDBConnection,
  table: string,
  model: ModelResultRow,
  at: Date,
): Promise<void> {
  await connection.run(
    `UPDATE ${q(table)} SET ${publishedAt} = $at WHERE ${q('run_id')} = $runId AND ${q('model_name')} = $model`,
    { at: timestampValue(BigInt(at.getTime()) * 1000n), runId: model.runId, model: model.model },
  );
}
