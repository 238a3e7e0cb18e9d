import {
  DOUBLE,
  type DuckDBConnection,
  type DuckDBType,
  MAP,
  mapValue,
  timestampValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { Schema } from '../run/options.js';
import { type DriftRecord, driftResultColumns } from './driftResultColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';

/** What a model's row in model_metadata gets. */
export interface ModelUpdate {
  model: string;
  score: number | null;
  featureScores: Map<string, number>;
  status: string;
  at: Date;
}

const insertSql = (table: string) => {
  const names = driftResultColumns.map(([name]) => quoteIdentifier(name)).join(', ');
  const values = driftResultColumns
    .map(([, type], i) => `$${i + 1}::${type.replace(' NOT NULL', '')}`)
    .join(', ');
  return `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES (${values})`;
};

/** A model's history rows and its latest state, in one transaction: all of it lands or none. */
export async function writeModelOutcome(
  connection: DuckDBConnection,
  schema: Schema,
  records: readonly DriftRecord[],
  update: ModelUpdate,
): Promise<void> {
  const q = quoteIdentifier;
  await connection.run('BEGIN TRANSACTION');
  try {
    const insert = await connection.prepare(insertSql(schema.driftResults));
    for (const record of records) {
      const values = driftResultColumns.map(([, , value]) => value(record));
      // Lists are bound with their element type: inferred from the first element, 1 would make INTEGER[].
      insert.bind(
        values,
        driftResultColumns.map(([, , , listType], i) =>
          values[i] === null ? undefined : listType,
        ) as DuckDBType[],
      );
      await insert.run();
    }
    await connection.run(
      `UPDATE ${q(schema.modelMetadata)} SET ${q(schema.modelDriftScore)} = $score,
         ${q(schema.featureDriftScores)} = $scores, ${q(schema.driftStatus)} = $status,
         ${q(schema.lastDriftRunAt)} = $at WHERE ${q(schema.modelName)} = $model`,
      {
        score: update.score,
        scores: mapValue([...update.featureScores].map(([key, value]) => ({ key, value }))),
        status: update.status,
        at: timestampValue(BigInt(update.at.getTime()) * 1000n),
        model: update.model,
      },
      { scores: MAP(VARCHAR, DOUBLE) },
    );
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}
