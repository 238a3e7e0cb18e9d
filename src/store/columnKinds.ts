import type { Engine } from '../engine/engine.js';
import { firstLine } from '../util/firstLine.js';
import type { Source } from './openSource.js';
import { ModelError } from './storeError.js';
import type { ColumnKind } from './types.js';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN|ENUM\(.*\))$/s;

/**
 * The kind and the DuckDB type of each asked column of a source (a table, a view or Parquet files alike:
 * DuckDB describes the rows it would read), or a ModelError naming what is missing or unsupported: the
 * timestamp column or a column, or why the source cannot be read. A numeric column in `categorical`
 * (declared integer-coded categories) is categorical: its values are compared as labels.
 */
export async function columnKinds(
  engine: Engine,
  source: Source,
  timestampColumn: string,
  columns: readonly string[],
  categorical: readonly string[] = [],
): Promise<{ kinds: Map<string, ColumnKind>; types: Map<string, string> }> {
  const table = JSON.stringify(source.name);
  const rows = await engine.rows(`DESCRIBE SELECT * FROM ${source.sql}`).catch((error: unknown) => {
    throw new ModelError(`cannot read ${table}: ${firstLine(error)}`);
  });
  const types = new Map(rows.map(([name, type]) => [String(name), String(type)]));
  if (!types.has(timestampColumn)) {
    throw new ModelError(`timestamp column ${JSON.stringify(timestampColumn)} is not in table ${table}`);
  }
  const kinds = new Map<string, ColumnKind>();
  for (const column of columns) {
    const type = types.get(column);
    if (type === undefined) throw new ModelError(`column ${JSON.stringify(column)} is not in table ${table}`);
    if (NUMERIC.test(type)) kinds.set(column, categorical.includes(column) ? 'categorical' : 'numeric');
    else if (CATEGORICAL.test(type)) kinds.set(column, 'categorical');
    else
      throw new ModelError(
        `column ${JSON.stringify(column)} has type ${type}, which is neither numeric nor categorical`,
      );
  }
  return { kinds, types: new Map(columns.map((column) => [column, types.get(column) as string])) };
}
