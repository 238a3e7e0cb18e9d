import type { Engine } from '../engine/engine.js';
import { type PerformanceTask, performanceTasks } from '../performance/result.js';
import type { Schema } from '../run/options.js';
import { hasColumn } from './hasColumn.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { ModelError } from './storeError.js';

/** The model's task from model_metadata's task column; null when the column or its value is absent. */
export async function modelTask(
  engine: Engine,
  schema: Schema,
  model: string,
): Promise<PerformanceTask | null> {
  if (!(await hasColumn(engine, schema.modelMetadata, schema.task))) return null;
  const q = quoteIdentifier;
  const [row] = await engine.rows(
    `SELECT CAST(${q(schema.task)} AS VARCHAR) FROM ${q(schema.modelMetadata)} WHERE ${q(schema.modelName)} = ?`,
    [model],
  );
  const task = row?.[0] ?? null;
  if (task === null) return null;
  if (!performanceTasks.includes(task as PerformanceTask)) {
    throw new ModelError(
      `${schema.task} must be ${performanceTasks.map((t) => `'${t}'`).join(' or ')}, got ${JSON.stringify(task)}`,
    );
  }
  return task as PerformanceTask;
}
