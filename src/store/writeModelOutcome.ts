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

// One statement for all of a model's rows: a statement per row cost a prepare each.
const insertSql = (table: string, rows: number) => {
  const names = driftResultColumns.map(([name]) => quoteIdentifier(name)).join(', ');
  const row = `(${driftResultColumns.map(([, type]) => `?::${type.replace(' NOT NULL', '')}`).join(', ')})`;
  return `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES ${Array(rows).fill(row).join(', ')}`;
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
    if (records.length > 0) {
      await engine.run(
        insertSql(schema.driftResults, records.length),
        records.flatMap((record) => driftResultColumns.map(([, , value]) => value(record))),
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
