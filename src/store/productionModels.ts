import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { quoteIdentifier } from './quoteIdentifier.js';

export interface ModelRow {
  model: string;
  features: string[];
  featureTable: string;
  timestampColumn: string;
}

export async function productionModels(engine: Engine, schema: Schema): Promise<ModelRow[]> {
  const q = quoteIdentifier;
  const rows = await engine.rows(
    `SELECT ${q(schema.modelName)}, ${q(schema.features)}, ${q(schema.featureTable)}, ${q(schema.timestampColumn)}
     FROM ${q(schema.modelMetadata)} WHERE ${q(schema.status)} = ? ORDER BY ${q(schema.modelName)}`,
    [schema.productionStatus],
  );
  return (rows as [string, string[] | null, string | null, string | null][]).map(
    ([model, features, featureTable, timestampColumn]) => ({
      model,
      features: features ?? [],
      featureTable: featureTable ?? '',
      timestampColumn: timestampColumn ?? 'event_time',
    }),
  );
}
