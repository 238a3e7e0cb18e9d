import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { quoteIdentifier } from './quoteIdentifier.js';

export interface ModelRow {
  model: string;
  features: string[];
  featureTable: string;
  timestampColumn: string;
  /** Why the model is not analysed but recorded as an error, when it is not. */
  refused?: string;
}

export interface ProductionModels {
  /** One per name, in name order. */
  models: ModelRow[];
  /** Rows that cannot even be recorded, skipped. */
  warnings: string[];
}

type Row = [model: string | null, features: string[] | null, table: string | null, timestamp: string | null];

export async function productionModels(engine: Engine, schema: Schema): Promise<ProductionModels> {
  const q = quoteIdentifier;
  const rows = await engine.rows(
    `SELECT ${q(schema.modelName)}, ${q(schema.features)}, ${q(schema.featureTable)}, ${q(schema.timestampColumn)}
     FROM ${q(schema.modelMetadata)} WHERE ${q(schema.status)} = ? ORDER BY ${q(schema.modelName)}`,
    [schema.productionStatus],
  );
  const byName = new Map<string | null, Row[]>();
  for (const row of rows as Row[]) byName.set(row[0], [...(byName.get(row[0]) ?? []), row]);
  // Results are written by name: a row without one has nowhere to go.
  const unnamed = byName.get(null)?.length ?? 0;
  byName.delete(null);
  const table = JSON.stringify(schema.modelMetadata);
  return {
    models: [...byName].map(([model, named]) => {
      const [[, features, featureTable, timestampColumn]] = named as [Row, ...Row[]];
      return {
        model: model as string,
        features: features ?? [],
        featureTable: featureTable ?? '',
        timestampColumn: timestampColumn ?? 'event_time',
        // They would write the same rows: none is analysed until one is left.
        ...(named.length > 1
          ? { refused: `${named.length} production rows of ${table} have this name: keep one` }
          : {}),
      };
    }),
    warnings:
      unnamed > 0
        ? [
            `${unnamed} production row${unnamed > 1 ? 's' : ''} of ${table} without a ${schema.modelName}: skipped`,
          ]
        : [],
  };
}
