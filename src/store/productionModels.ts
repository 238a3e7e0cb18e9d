import type { Engine, SqlValue } from '../engine/engine.js';
import type { Schema, TimeRange } from '../run/options.js';
import { baselinePin } from './baselinePin.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { quoteLiteral } from './quoteLiteral.js';

export interface ModelRow {
  model: string;
  features: string[];
  featureTable: string;
  timestampColumn: string;
  /** The model's pinned reference (model_metadata's baseline columns), when it has one. */
  baseline?: TimeRange;
  /** Why the model is not analysed but recorded as an error, when it is not. */
  refused?: string;
}

export interface ProductionModels {
  /** One per name, in name order. */
  models: ModelRow[];
  /** Rows that cannot even be recorded, skipped. */
  warnings: string[];
}

type Row = [
  model: string | null,
  features: string[] | null,
  table: string | null,
  timestamp: string | null,
  baselineFrom: SqlValue,
  baselineTo: SqlValue,
];

export async function productionModels(engine: Engine, schema: Schema): Promise<ProductionModels> {
  const q = quoteIdentifier;
  // The baseline columns are optional: an absent one reads as NULL. DuckDB's names ignore case.
  const columns = new Set(
    (
      await engine.rows(
        `SELECT lower(column_name) FROM information_schema.columns
         WHERE table_name = ? AND table_schema = current_schema()`,
        [schema.modelMetadata],
      )
    ).map(([column]) => String(column)),
  );
  const featuresType = await columnType(engine, schema.modelMetadata, schema.features);
  const present = new Set(
    [schema.baselineFrom, schema.baselineTo].filter((column) => columns.has(column.toLowerCase())),
  );
  const optional = (column: string) => (present.has(column) ? q(column) : 'NULL');
  const rows = await engine.rows(
    `SELECT ${q(schema.modelName)}, ${q(schema.features)}, ${q(schema.featureTable)}, ${q(schema.timestampColumn)},
            ${optional(schema.baselineFrom)}, ${optional(schema.baselineTo)}
     FROM ${q(schema.modelMetadata)} WHERE ${q(schema.status)} = ? ORDER BY ${q(schema.modelName)}`,
    [schema.productionStatus],
  );
  const byName = new Map<string | null, Row[]>();
  for (const row of rows as Row[]) byName.set(row[0], [...(byName.get(row[0]) ?? []), row]);
  // Results are written by name: a row without one has nowhere to go.
  const unnamed = byName.get(null)?.length ?? 0;
  byName.delete(null);
  const table = JSON.stringify(schema.modelMetadata);
  const caseWarnings = await otherCaseStatus(engine, schema);
  return {
    models: [...byName].map(([model, named]) => {
      const [[, features, featureTable, timestampColumn, from, to]] = named as [Row, ...Row[]];
      const baseline = baselinePin(schema, present, from, to);
      // A comma-separated text is the natural guess: said in words, not as a missing column named ','.
      const listed = Array.isArray(features)
        ? {}
        : features === null
          ? {}
          : {
              refused: `${schema.features} must be VARCHAR[]; got ${featuresType} ${quoteLiteral(String(features))}`,
            };
      return {
        model: model as string,
        features: Array.isArray(features) ? features : [],
        featureTable: featureTable ?? '',
        timestampColumn: timestampColumn ?? 'event_time',
        ...('pin' in baseline && baseline.pin !== null ? { baseline: baseline.pin } : {}),
        // They would write the same rows: none is analysed until one is left.
        ...(named.length > 1
          ? { refused: `${named.length} production rows of ${table} have this name: keep one` }
          : 'refused' in listed
            ? listed
            : 'refused' in baseline
              ? { refused: baseline.refused }
              : {}),
      };
    }),
    warnings: [
      ...(unnamed > 0
        ? [
            `${unnamed} production row${unnamed > 1 ? 's' : ''} of ${table} without a ${schema.modelName}: skipped`,
          ]
        : []),
      ...caseWarnings,
    ],
  };
}

/** The DuckDB type of a column of a table of the current schema, for messages. */
async function columnType(engine: Engine, table: string, column: string): Promise<string> {
  const [[type] = ['unknown type']] = await engine.rows(
    `SELECT data_type FROM information_schema.columns
     WHERE table_name = ? AND table_schema = current_schema() AND lower(column_name) = lower(?)`,
    [table, column],
  );
  return String(type);
}

/**
 * Rows whose status is the production value but for its case ('Production'): skipped, as any other status,
 * but said, one warning per status.
 */
async function otherCaseStatus(engine: Engine, schema: Schema): Promise<string[]> {
  const q = quoteIdentifier;
  const rows = (await engine.rows(
    `SELECT ${q(schema.status)}, count(*)::DOUBLE FROM ${q(schema.modelMetadata)}
     WHERE lower(${q(schema.status)}) = lower(?) AND ${q(schema.status)} <> ? GROUP BY ALL ORDER BY 1`,
    [schema.productionStatus, schema.productionStatus],
  )) as [string, number][];
  return rows.map(
    ([status, count]) =>
      `${count} row${count > 1 ? 's' : ''} of ${JSON.stringify(schema.modelMetadata)} with ${schema.status} ${quoteLiteral(status)}, not ${quoteLiteral(schema.productionStatus)}: skipped (the status must match exactly, case included)`,
  );
}
