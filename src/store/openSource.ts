import type { Engine } from '../engine/engine.js';
import { firstLine } from '../util/firstLine.js';
import type { DataRoot } from './dataRoot.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { quoteLiteral } from './quoteLiteral.js';
import { shadowingHiveKey } from './shadowingHiveKey.js';
import { parseSourceName, type SourceName } from './sourceName.js';
import { MissingTableError, ModelError } from './storeError.js';

/** Where a row set's rows come from. */
export interface Source {
  /** The `feature_table` text, for messages. */
  name: string;
  kind: 'table' | 'view' | 'parquet';
  /** A FROM item: a fully qualified, quoted catalog name, or a `read_parquet` call over checked files. */
  sql: string;
}

const CATALOG = `SELECT database_name, schema_name, table_name AS name, 'table' AS kind FROM duckdb_tables()
  UNION ALL SELECT database_name, schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal`;

/**
 * The source a `feature_table` text names: first a table or view of exactly that name in the current schema
 * (so names with dots keep working), then `parquet:<path or glob>` under the data root, then a qualified
 * name (`schema.table`, `catalog.table`, `catalog.schema.table`) looked up in DuckDB's catalog. A name found
 * nowhere is a MissingTableError; anything else wrong is a ModelError.
 */
export async function openSource(engine: Engine, text: string, dataRoot?: DataRoot): Promise<Source> {
  const [[database, schema]] = (await engine.rows('SELECT current_database(), current_schema()')) as [
    [string, string],
  ];
  const name = parseSourceName(text);
  const exact = await catalogSource(engine, text, [[database, schema, text]]);
  if (exact) return exact;
  if (name.kind === 'parquet') return parquetSource(engine, text, name.path, dataRoot);
  const qualified = await catalogSource(engine, text, qualifiedNames(name, text, database, schema));
  if (qualified) return qualified;
  throw new MissingTableError(`table ${JSON.stringify(text)} does not exist`);
}

/** What a name of one to three parts may mean, in the order DuckDB's binder tries them. */
function qualifiedNames(
  name: SourceName & { kind: 'catalog' },
  text: string,
  database: string,
  schema: string,
): string[][] {
  const [a = '', b, c] = name.parts;
  if (b === undefined) return a === text ? [] : [[database, schema, a]]; // a quoted one-part name
  if (c === undefined) {
    return [
      [database, a, b],
      [a, 'main', b],
    ];
  }
  return [[a, b, c]];
}

async function catalogSource(
  engine: Engine,
  text: string,
  candidates: readonly (readonly string[])[],
): Promise<Source | null> {
  for (const parts of candidates) {
    const [found] = await engine.rows(
      `SELECT kind FROM (${CATALOG}) WHERE database_name = ? AND schema_name = ? AND name = ?`,
      parts,
    );
    if (found) {
      const kind = found[0] as 'table' | 'view';
      if (kind === 'table') await refuseOwnRowid(engine, text, parts);
      return { name: text, kind, sql: parts.map(quoteIdentifier).join('.') };
    }
  }
  return null;
}

/**
 * A table's own column named rowid hides DuckDB's row id, by which a table's rows are told apart and tied
 * timestamps ordered: such a table is refused in words, not read with another meaning of rowid.
 */
async function refuseOwnRowid(engine: Engine, text: string, parts: readonly string[]): Promise<void> {
  const [[count] = []] = await engine.rows(
    `SELECT count(*) FROM duckdb_columns()
     WHERE database_name = ? AND schema_name = ? AND table_name = ? AND lower(column_name) = 'rowid'`,
    parts,
  );
  if (Number(count) > 0) {
    throw new ModelError(
      `table ${JSON.stringify(text)} has a column named rowid, which hides DuckDB's row id the worker tells rows apart by: rename it, or read the table through a view`,
    );
  }
}

async function parquetSource(
  engine: Engine,
  text: string,
  path: string,
  dataRoot: DataRoot | undefined,
): Promise<Source> {
  if (engine.kind === 'wasm') {
    throw new ModelError(
      `${JSON.stringify(text)}: Parquet needs the native engine (duckdb-wasm fetches its Parquet reader from the network)`,
    );
  }
  if (dataRoot === undefined) {
    throw new ModelError(`${JSON.stringify(text)}: Parquet sources need the dataRoot option`);
  }
  const files = (await engine.rows('SELECT file FROM glob(?) ORDER BY file', [dataRoot.pattern(path)])).map(
    ([file]) => String(file),
  );
  if (files.length === 0) throw new ModelError(`no Parquet file matches ${JSON.stringify(path)}`);
  dataRoot.confine(files);
  const shadowing = shadowingHiveKey(files);
  if (shadowing !== null) {
    throw new ModelError(
      `${JSON.stringify(text)}: the folder ${JSON.stringify(shadowing)} would be read as a hive partition column hiding the Parquet reader's own: rename it`,
    );
  }
  // Listed by name: ordering by file_index is ordering by path relative to the glob's folder.
  const sql = `read_parquet([${files.map(quoteLiteral).join(', ')}], file_row_number = true)`;
  const described = await engine.rows(`DESCRIBE SELECT * FROM ${sql}`).catch((error: unknown) => {
    throw new ModelError(`cannot read ${JSON.stringify(text)}: ${firstLine(error)}`);
  });
  // A column of the files would hide the reader's own, which orders the rows.
  if (described.some(([column]) => column === 'file_index')) {
    throw new ModelError(
      `${JSON.stringify(text)} has a column named file_index, which Parquet sources reserve`,
    );
  }
  return { name: text, kind: 'parquet', sql };
}
