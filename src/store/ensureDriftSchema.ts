import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import { baselineColumns } from './baselineColumns.js';
import { driftResultColumns } from './driftResultColumns.js';
import { outboxColumns } from './outboxColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { StoreError } from './storeError.js';

/** When a drift_results row reached the stream Service D reads; NULL until then. */
export const publishedAtColumn = 'published_at';

/**
 * Adds what the worker writes when it is missing; never drops or rewrites anything else. The tables' shapes
 * are checked before anything is altered: a model_metadata the run cannot read, or a drift_results,
 * drift_outbox or drift_baselines table that is not the worker's, is a StoreError naming what is wrong, and the database is
 * left as it was.
 */
export async function ensureDriftSchema(engine: Engine, schema: Schema): Promise<void> {
  const metadata = await tableShape(engine, schema.modelMetadata);
  if (metadata === null)
    throw new StoreError(`the database has no ${JSON.stringify(schema.modelMetadata)} table`);
  const read = [
    schema.modelName,
    schema.status,
    schema.features,
    schema.featureTable,
    schema.timestampColumn,
  ];
  const unread = missingColumns(schema.modelMetadata, metadata, read);
  if (unread) throw new StoreError(`${JSON.stringify(schema.modelMetadata)} lacks ${unread} the run reads`);
  // Their required columns say whose tables they are; columns added by later builds are added below.
  await refuseForeign(
    engine,
    schema.driftResults,
    'driftResults',
    driftResultColumns.filter(([, type]) => type.endsWith('NOT NULL')).map(([name]) => name),
  );
  await refuseForeign(
    engine,
    schema.driftOutbox,
    'driftOutbox',
    outboxColumns.filter(([, type]) => type.endsWith('NOT NULL')).map(([name]) => name),
  );
  const baselines = await tableShape(engine, schema.driftBaselines);
  await refuseForeign(engine, schema.driftBaselines, 'driftBaselines', FIRST_FORMAT_COLUMNS);

  const added: [string, string][] = [
    [schema.modelDriftScore, 'DOUBLE'],
    [schema.featureDriftScores, 'MAP(VARCHAR, DOUBLE)'],
    [schema.driftStatus, 'VARCHAR'],
    [schema.lastDriftRunAt, 'TIMESTAMP'],
  ];
  const table = quoteIdentifier(schema.modelMetadata);
  for (const [column, type] of added) {
    await engine.run(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column)} ${type}`);
  }
  const columns = driftResultColumns.map(([name, type]) => `${quoteIdentifier(name)} ${type}`).join(', ');
  const resultsTable = quoteIdentifier(schema.driftResults);
  await engine.run(`CREATE TABLE IF NOT EXISTS ${resultsTable} (${columns})`);
  // A table an older build created lacks the columns added since (NOT NULL only holds for new tables).
  const addedLater: [string, string][] = [
    ...driftResultColumns.map(([name, type]): [string, string] => [name, type.replace(' NOT NULL', '')]),
    [publishedAtColumn, 'TIMESTAMP'],
  ];
  for (const [column, type] of addedLater) {
    await engine.run(
      `ALTER TABLE ${resultsTable} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column)} ${type}`,
    );
  }
  // Profiles of an older format are rebuilt by the next run: the first (one row per column, no phases or
  // checksums) lacks columns; the second allows NULL samples, which make every phase's read slow.
  if (baselines !== null && !sameColumns(baselines, baselineColumns)) {
    await engine.run(`DROP TABLE ${quoteIdentifier(schema.driftBaselines)}`);
  }
  const profileColumns = baselineColumns.map(([name, type]) => `${quoteIdentifier(name)} ${type}`);
  await engine.run(
    `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema.driftBaselines)} (${profileColumns.join(', ')})`,
  );
}

/** drift_baselines' columns since its first format: a table without them is not the worker's. */
const FIRST_FORMAT_COLUMNS = [
  'model_name',
  'target',
  'column_name',
  'definition',
  'row_fingerprint',
  'kind',
  'sample_values',
  'label_counts',
  'missing',
  'kept_rows',
  'first_time',
  'last_time',
  'run_id',
  'stored_at',
];

/** A StoreError when a table of that name exists without the worker's columns: it is someone else's. */
export async function refuseForeign(
  engine: Engine,
  table: string,
  option: keyof Schema,
  required: readonly string[],
): Promise<void> {
  const shape = await tableShape(engine, table);
  const foreign = shape && missingColumns(table, shape, required);
  if (foreign) {
    throw new StoreError(
      `${JSON.stringify(table)} is not the worker's table (it lacks ${foreign}): name another in schema.${option}`,
    );
  }
}

interface TableShape {
  type: string;
  /** Lower case: DuckDB's names are case-insensitive. */
  columns: Set<string>;
  /** The columns declared NOT NULL, lower case. */
  notNull: Set<string>;
}

async function tableShape(engine: Engine, name: string): Promise<TableShape | null> {
  const rows = await engine.rows(
    `SELECT t.table_type, c.column_name, c.is_nullable FROM information_schema.tables t
     LEFT JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
     WHERE t.table_name = ? AND t.table_schema = current_schema() AND t.table_catalog = current_database()`,
    [name],
  );
  if (rows.length === 0) return null;
  const names = (nullable: (value: unknown) => boolean) =>
    new Set(rows.filter(([, , is]) => nullable(is)).map(([, column]) => String(column).toLowerCase()));
  return { type: String(rows[0]?.[0]), columns: names(() => true), notNull: names((is) => is === 'NO') };
}

/** The table has every one of these columns, NOT NULL wherever they say so. */
function sameColumns(shape: TableShape, columns: readonly (readonly [string, string, unknown])[]): boolean {
  return columns.every(
    ([name, type]) =>
      shape.columns.has(name.toLowerCase()) &&
      (!type.endsWith('NOT NULL') || shape.notNull.has(name.toLowerCase())),
  );
}

/** The columns of `needed` a base table lacks, as a phrase; a view or another kind is a StoreError. */
function missingColumns(name: string, shape: TableShape, needed: readonly string[]): string | null {
  if (shape.type !== 'BASE TABLE') {
    const kind = shape.type.toLowerCase().replace('base ', '');
    throw new StoreError(`${JSON.stringify(name)} is a ${kind}, not a table: the worker writes into it`);
  }
  const missing = needed.filter((column) => !shape.columns.has(column.toLowerCase()));
  if (missing.length === 0) return null;
  const named = missing.slice(0, 3).map((column) => JSON.stringify(column));
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  return `the column${missing.length > 1 ? 's' : ''} ${named.join(', ')}${more}`;
}
