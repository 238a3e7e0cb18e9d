import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import type { DataRoot } from '../store/dataRoot.js';
import { openSource } from '../store/openSource.js';
import type { ModelRow } from '../store/productionModels.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { type RowsChecksum, rowsChecksum } from '../store/rowsChecksum.js';
import { StoreError } from '../store/storeError.js';
import { firstLine } from '../util/firstLine.js';

/** A source as one side saw it: its rows' checksum, or why it could not be read. */
export type SourceIdentity = RowsChecksum | { unreadable: string };

/**
 * What a model's job reads, as the coordinator saw it when it made the job: its feature table and its rows
 * of the events table. A worker that sees other rows at the same path refuses the job (`identityMismatch`).
 */
export interface ReadIdentity {
  features: SourceIdentity;
  events: SourceIdentity;
}

/**
 * The identity of what `model` reads. A source that cannot be read (missing, refused, a column gone) is
 * `unreadable`, the analysis then says why; a database that cannot be used at all (a StoreError) throws.
 */
export async function readIdentity(
  engine: Engine,
  model: ModelRow,
  schema: Schema,
  dataRoot?: DataRoot,
): Promise<ReadIdentity> {
  const identity = (table: string, filter?: { sql: string; params: string[] }) =>
    openSource(engine, table, dataRoot)
      .then((source) => rowsChecksum(engine, { source, ...(filter ? { filter } : {}) }))
      .catch((error: unknown): SourceIdentity => {
        if (error instanceof StoreError) throw error;
        return { unreadable: firstLine(error) };
      });
  return {
    features: await identity(model.featureTable),
    events: await identity(schema.modelEvents, {
      sql: `${quoteIdentifier(schema.eventModel)} = ?`,
      params: [model.model],
    }),
  };
}
