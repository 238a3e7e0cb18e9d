import type { DuckDBConnection } from '@duckdb/node-api';
import type { Schema } from '../run/options.js';
import { quoteIdentifier } from './quoteIdentifier.js';

export interface ModelRow {
  model: string;
  features: string[];
  featureTable: string;
  timestampColumn: string;
}

export async function productionModels(connection: DuckDBConnection, schema: Schema): Promise<ModelRow[]> {
  const q = quoteIdentifier;
  const reader = await connection.runAndReadAll(
    `SELECT ${q(schema.modelName)}, ${q(schema.features)}, ${q(schema.featureTable)}, ${q(schema.timestampColumn)}
     FROM ${q(schema.modelMetadata)} WHERE ${q(schema.status)} = $status ORDER BY ${q(schema.modelName)}`,
    { status: schema.productionStatus },
  );
  return (reader.getRowsJS() as [string, string[] | null, string | null, string | null][]).map(
    ([model, features, featureTable, timestampColumn]) => ({
      model,
      features: features ?? [],
      featureTable: featureTable ?? '',
      timestampColumn: timestampColumn ?? 'event_time',
    }),
  );
}
