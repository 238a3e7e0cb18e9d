import type { Engine } from '../engine/engine.js';
import { withDefaultMemoryLimit } from '../engine/withDefaultMemoryLimit.js';
import type { RunOptions } from '../run/options.js';
import { type Column, type DriftRecord, driftResultColumns } from './driftResultColumns.js';
import { outboxColumns } from './outboxColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { type StoredProfile, writeBaselines } from './writeBaselines.js';

/** What a model's row in model_metadata gets. */
export interface ModelUpdate {
  model: string;
  score: number | null;
  featureScores: Map<string, number>;
  status: string;
  at: Date;
}

// One statement for all of a model's rows: a statement per row cost a prepare each.
const insert = (table: string, columns: readonly Column[], records: readonly DriftRecord[]) => {
  const names = columns.map(([name]) => quoteIdentifier(name)).join(', ');
  const row = `(${columns.map(([, type]) => `?::${type.replace(' NOT NULL', '')}`).join(', ')})`;
  return [
    `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES ${Array(records.length).fill(row).join(', ')}`,
    records.flatMap((record) => columns.map(([, , value]) => value(record))),
  ] as const;
};

/**
 * A model's history rows, its entry in the outbox (unless `outbox` is false), its latest state and the
 * baseline profiles its run built, in one transaction: all of it lands or none (see the COMMIT below).
 */
export async function writeModelOutcome(
  engine: Engine,
  { schema, outbox }: Pick<RunOptions, 'schema' | 'outbox'>,
  records: readonly DriftRecord[],
  update: ModelUpdate,
  baselines: readonly StoredProfile[] = [],
): Promise<void> {
  const q = quoteIdentifier;
  const own = outbox ? records.filter((record) => record.target === 'model') : [];
  await engine.run('BEGIN TRANSACTION');
  try {
    if (records.length > 0) await engine.run(...insert(schema.driftResults, driftResultColumns, records));
    if (own.length > 0) await engine.run(...insert(schema.driftOutbox, outboxColumns, own));
    await writeBaselines(engine, schema.driftBaselines, baselines);
    await engine.run(
      `UPDATE ${q(schema.modelMetadata)} SET ${q(schema.modelDriftScore)} = ?::DOUBLE,
         ${q(schema.featureDriftScores)} = ?::MAP(VARCHAR, DOUBLE), ${q(schema.driftStatus)} = ?,
         ${q(schema.lastDriftRunAt)} = ?::TIMESTAMP WHERE ${q(schema.modelName)} = ?`,
      [update.score, update.featureScores, update.status, update.at, update.model],
    );
    // DuckDB checkpoints inside a COMMIT once its log is long enough. Profiles are checkpointed at once:
    // a checkpoint a later small commit starts (an outbox row published) then has no BLOBs to rewrite
    // under the engine's low limit.
    await withDefaultMemoryLimit(engine, async () => {
      await engine.run('COMMIT');
      if (baselines.length > 0) await engine.run('CHECKPOINT');
    });
  } catch (error) {
    // After a COMMIT that went through, or on an invalidated database, there is nothing to roll back: the
    // first error says what happened.
    await engine.run('ROLLBACK').catch(() => {});
    throw error;
  }
}
