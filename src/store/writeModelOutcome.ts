import type { Engine } from '../engine/engine.js';
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
  const values = driftResultColumns.map(([, type]) => `?::${type.replace(' NOT NULL', '')}`).join(', ');
  return `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES (${values})`;
};

/** A model's history rows and its latest state, in one transaction: all of it lands or none. */
export async function writeModelOutcome(
  engine: Engine,
  schema: Schema,
  records: readonly DriftRecord[],
  update: ModelUpdate,
): Promise<void> {
  const q = quoteIdentifier;
  await engine.run('BEGIN TRANSACTION');
  try {
    const insert = insertSql(schema.driftResults);
    for (const record of records) {
      await engine.run(
        insert,
        driftResultColumns.map(([, , value]) => value(record)),
      );
    }
    await engine.run(
      `UPDATE ${q(schema.modelMetadata)} SET ${q(schema.modelDriftScore)} = ?::DOUBLE,
         ${q(schema.featureDriftScores)} = ?::MAP(VARCHAR, DOUBLE), ${q(schema.driftStatus)} = ?,
         ${q(schema.lastDriftRunAt)} = ?::TIMESTAMP WHERE ${q(schema.modelName)} = ?`,
      [update.score, update.featureScores, update.status, update.at, update.model],
    );
    await engine.run('COMMIT');
  } catch (error) {
    await engine.run('ROLLBACK');
    throw error;
  }
}
