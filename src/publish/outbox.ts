import type { Engine } from '../engine/engine.js';
import type { DriftThresholds } from '../events/driftEvent.js';
import type { Schema } from '../run/options.js';
import { publishedAtColumn } from '../store/ensureDriftSchema.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import type {
  FeatureResultRow,
  MessageDetails,
  ModelResultRow,
  PerformanceResultRow,
} from './driftMessage.js';

const q = quoteIdentifier;

// A run's rows of a model share its computed_at, and drift_results grows in time order: naming it lets
// DuckDB skip every row group whose min-max range lies elsewhere, so a lookup does not scan the history.
const sameRunAndModel = `${q('computed_at')} = make_timestamp(round(?::DOUBLE * 1000)::BIGINT)
  AND ${q('run_id')} = ? AND ${q('model_name')} = ?`;
const runAndModel = (model: ModelResultRow) => [model.computedAt, model.runId, model.model];

/** The results not yet published, oldest first (computed_at, run id, model name): the outbox, small. */
export async function unpublishedModels(engine: Engine, schema: Schema): Promise<ModelResultRow[]> {
  const rows = await engine.rows(
    `SELECT ${q('run_id')}, ${q('model_name')}, ${q('status')}, ${q('model_score')}, epoch_us(${q('computed_at')}) / 1000
     FROM ${q(schema.driftOutbox)} ORDER BY ${q('computed_at')}, ${q('run_id')}, ${q('model_name')}`,
  );
  return (rows as [string, string, string, number | null, number][]).map(
    ([runId, model, status, score, computedAt]) => ({ runId, model, status, score, computedAt }),
  );
}

/** The feature rows of a model's run, by feature name. */
export async function featureRows(
  engine: Engine,
  schema: Schema,
  model: ModelResultRow,
): Promise<FeatureResultRow[]> {
  const rows = await engine.rows(
    `SELECT ${q('feature')}, ${q('psi')}, ${q('ks_statistic')}, ${q('ks_pvalue')}, ${q('status')}
     FROM ${q(schema.driftResults)} WHERE ${sameRunAndModel} AND ${q('target')} = ? ORDER BY ${q('feature')}`,
    [...runAndModel(model), 'feature'],
  );
  return (rows as [string, number | null, number | null, number | null, string][]).map(
    ([feature, psi, ksStatistic, ksPValue, status]) => ({ feature, psi, ksStatistic, ksPValue, status }),
  );
}

/**
 * What the message adds from the model's other rows of the run: the model row's message, the prediction's
 * row, and both windows' time ranges over the feature and prediction rows (each window from its earliest
 * first row to its latest last row).
 */
export async function messageDetails(
  engine: Engine,
  schema: Schema,
  model: ModelResultRow,
  thresholds: DriftThresholds,
): Promise<MessageDetails> {
  const on = (target: string, column: string) =>
    `max(${q(column)}) FILTER (WHERE ${q('target')} = '${target}')`;
  const time = (aggregate: 'min' | 'max', column: string) =>
    `epoch_ms(${aggregate}(${q(column)}) FILTER (WHERE ${q('target')} IN ('feature', 'prediction')))::DOUBLE`;
  const [row = []] = await engine.rows(
    `SELECT ${on('model', 'message')}, count(*) FILTER (WHERE ${q('target')} = 'prediction'),
            ${on('prediction', 'feature')}, ${on('prediction', 'psi')}, ${on('prediction', 'ks_statistic')},
            ${on('prediction', 'ks_pvalue')}, ${on('prediction', 'status')},
            ${time('min', 'reference_first_time')}, ${time('max', 'reference_last_time')},
            ${time('min', 'current_first_time')}, ${time('max', 'current_last_time')}
     FROM ${q(schema.driftResults)} WHERE ${sameRunAndModel}`,
    runAndModel(model),
  );
  type Row = [string | null, number | bigint, string | null, ...(number | string | null)[]];
  const [message, predictions, feature, psi, ks, ksPValue, status, ...times] = row as Row;
  const [referenceFrom, referenceTo, currentFrom, currentTo] = times as (number | null)[];
  const range = (from: number | null | undefined, to: number | null | undefined) =>
    typeof from === 'number' && typeof to === 'number' ? { from, to } : null;
  return {
    message,
    prediction:
      Number(predictions) > 0
        ? {
            feature: feature ?? '',
            psi: psi as number | null,
            ksStatistic: ks as number | null,
            ksPValue: ksPValue as number | null,
            status: String(status),
          }
        : null,
    windows: { reference: range(referenceFrom, referenceTo), current: range(currentFrom, currentTo) },
    thresholds,
  };
}

/**
 * The realized ('performance') or estimated ('performance_estimated') performance rows of a model's run, by
 * metric name; the estimate's own figures are null on realized rows.
 */
export async function performanceRows(
  engine: Engine,
  schema: Schema,
  model: ModelResultRow,
  target: 'performance' | 'performance_estimated' = 'performance',
): Promise<PerformanceResultRow[]> {
  const columns = [
    'feature',
    'performance_task',
    'status',
    'calibration',
    'metric_reference',
    'metric_current',
    'metric_change',
    'metric_change_low',
    'metric_change_high',
    'estimate_low',
    'estimate_high',
    'realized_current',
    'estimate_error',
  ].map(q);
  const rows = await engine.rows(
    `SELECT ${columns.join(', ')} FROM ${q(schema.driftResults)}
     WHERE ${sameRunAndModel} AND ${q('target')} = ? ORDER BY ${q('feature')}`,
    [...runAndModel(model), target],
  );
  type Row = [string, string, string, string | null, ...(number | null)[]];
  return (rows as Row[]).map(([metric, task, status, calibration, ...numbers]) => {
    const [
      reference = null,
      current = null,
      change = null,
      changeLow = null,
      changeHigh = null,
      currentLow = null,
      currentHigh = null,
      realizedCurrent = null,
      error = null,
    ] = numbers;
    const estimate = { calibration, currentLow, currentHigh, realizedCurrent, error };
    return { metric, task, status, reference, current, change, changeLow, changeHigh, ...estimate };
  });
}

/**
 * Takes the model's run out of the outbox and stamps its rows (features, prediction and the model's own)
 * published, in one transaction: a result leaves the outbox exactly once.
 */
export async function markPublished(
  engine: Engine,
  schema: Schema,
  model: ModelResultRow,
  at: Date,
): Promise<void> {
  await engine.run('BEGIN TRANSACTION');
  try {
    await engine.run(
      `DELETE FROM ${q(schema.driftOutbox)} WHERE ${q('run_id')} = ? AND ${q('model_name')} = ?`,
      [model.runId, model.model],
    );
    await engine.run(
      `UPDATE ${q(schema.driftResults)} SET ${q(publishedAtColumn)} = ?::TIMESTAMP WHERE ${sameRunAndModel}`,
      [at, ...runAndModel(model)],
    );
    await engine.run('COMMIT');
  } catch (error) {
    await engine.run('ROLLBACK');
    throw error;
  }
}
