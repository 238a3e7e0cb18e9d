import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { quoteIdentifier as q } from './quoteIdentifier.js';
import { StoreError } from './storeError.js';

/** The name a CSV's rows get: the model's feature table. */
export const csvFeatureTable = 'csv_features';

/**
 * Imports a CSV (a path, or a name registered with duckdb-wasm) into a database without a platform schema, as
 * the feature table of one production model: its timestamp is the column `event_time`, or else the first
 * TIMESTAMP column, and every other column is a feature. `read_csv_auto` is built into DuckDB: no extension,
 * no network. The Node test imports its CSV through this too, so both sides read the same types.
 */
export async function importCsvModel(
  engine: Engine,
  file: string,
  model: string,
  schema: Schema,
): Promise<void> {
  await engine.run(`CREATE TABLE ${q(csvFeatureTable)} AS SELECT * FROM read_csv_auto(?)`, [file]);
  const columns = (await engine.rows(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
    [csvFeatureTable],
  )) as [string, string][];
  const timestamp =
    columns.find(([name]) => name === 'event_time') ??
    columns.find(([, type]) => type.startsWith('TIMESTAMP'));
  if (timestamp === undefined) {
    throw new StoreError('the CSV has no timestamp column: name it event_time, or give one TIMESTAMP column');
  }
  const features = columns.map(([name]) => name).filter((name) => name !== timestamp[0]);
  await engine.run(
    `CREATE TABLE ${q(schema.modelMetadata)} (${q(schema.modelName)} VARCHAR, ${q(schema.status)} VARCHAR,
       ${q(schema.features)} VARCHAR[], ${q(schema.featureTable)} VARCHAR, ${q(schema.timestampColumn)} VARCHAR)`,
  );
  await engine.run(`INSERT INTO ${q(schema.modelMetadata)} VALUES (?, ?, ?::VARCHAR[], ?, ?)`, [
    model,
    schema.productionStatus,
    features,
    csvFeatureTable,
    timestamp[0],
  ]);
}
