import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { type Seasonality, seasonalities } from '../signal/cycle.js';
import { hasColumn } from './hasColumn.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { ModelError } from './storeError.js';

/** The model's own seasonality from model_metadata's optional column; null when the column or its value is absent. */
export async function modelSeasonality(
  engine: Engine,
  schema: Schema,
  model: string,
): Promise<Seasonality | null> {
  if (!(await hasColumn(engine, schema.modelMetadata, schema.seasonality))) return null;
  const q = quoteIdentifier;
  const [row] = await engine.rows(
    `SELECT CAST(${q(schema.seasonality)} AS VARCHAR) FROM ${q(schema.modelMetadata)} WHERE ${q(schema.modelName)} = ?`,
    [model],
  );
  const value = row?.[0] ?? null;
  if (value === null) return null;
  if (!seasonalities.includes(value as Seasonality)) {
    throw new ModelError(
      `${schema.seasonality} must be ${seasonalities.map((s) => `'${s}'`).join(', ')} or NULL, got ${JSON.stringify(value)}`,
    );
  }
  return value as Seasonality;
}
