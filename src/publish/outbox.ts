import type { Engine } from '../engine/engine.js';
import { publishedAtColumn } from '../store/ensureDriftSchema.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import type { FeatureResultRow, ModelResultRow, PerformanceResultRow } from './driftMessage.js';

const q = quoteIdentifier;
const publishedAt = q(publishedAtColumn);

/** The model rows of drift_results not yet published, oldest first (computed_at, run id, model name). */
export async function unpublishedModels(engine: Engine, table: string): Promise<ModelResultRow[]> {
  const rows = await engine.rows(
    `SELECT ${q('run_id')}, ${q('model_name')}, ${q('status')}, ${q('model_score')}, epoch_ms(${q('computed_at')})::DOUBLE
     FROM ${q(table)} WHERE ${q('target')} = ? AND ${publishedAt} IS NULL
     ORDER BY ${q('computed_at')}, ${q('run_id')}, ${q('model_name')}`,
    ['model'],
  );
  return (rows as [string, string, string, number | null, number][]).map(
    ([runId, model, status, score, computedAt]) => ({ runId, model, status, score, computedAt }),
  );
}

/** The feature rows of a model's run, by feature name. */
export async function featureRows(
  engine: Engine,
  table: string,
  model: ModelResultRow,
): Promise<FeatureResultRow[]> {
  const rows = await engine.rows(
    `SELECT ${q('feature')}, ${q('psi')}, ${q('ks_statistic')}, ${q('ks_pvalue')}, ${q('status')} FROM ${q(table)}
     WHERE ${q('run_id')} = ? AND ${q('model_name')} = ? AND ${q('target')} = ? ORDER BY ${q('feature')}`,
    [model.runId, model.model, 'feature'],
  );
  return (rows as [string, number | null, number | null, number | null, string][]).map(
    ([feature, psi, ksStatistic, ksPValue, status]) => ({ feature, psi, ksStatistic, ksPValue, status }),
  );
}

/** The performance rows of a model's run, by metric name. */
export async function performanceRows(
  engine: Engine,
  table: string,
  model: ModelResultRow,
): Promise<PerformanceResultRow[]> {
  const columns = [
    'feature',
    'performance_task',
    'status',
    'metric_reference',
    'metric_current',
    'metric_change',
    'metric_change_low',
    'metric_change_high',
  ].map(q);
  const rows = await engine.rows(
    `SELECT ${columns.join(', ')} FROM ${q(table)}
     WHERE ${q('run_id')} = ? AND ${q('model_name')} = ? AND ${q('target')} = ? ORDER BY ${q('feature')}`,
    [model.runId, model.model, 'performance'],
  );
  type Row = [string, string, string, ...(number | null)[]];
  return (rows as Row[]).map(([metric, task, status, ...numbers]) => {
    const [reference = null, current = null, change = null, changeLow = null, changeHigh = null] = numbers;
    return { metric, task, status, reference, current, change, changeLow, changeHigh };
  });
}

/** Stamps every row of the model's run (features, prediction and the model's own) as published. */
export async function markPublished(
  engine: Engine,
  table: string,
  model: ModelResultRow,
  at: Date,
): Promise<void> {
  await engine.run(
    `UPDATE ${q(table)} SET ${publishedAt} = ?::TIMESTAMP WHERE ${q('run_id')} = ? AND ${q('model_name')} = ?`,
    [at, model.runId, model.model],
  );
}
