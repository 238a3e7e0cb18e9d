import type { Engine } from '../engine/engine.js';
import { ModelError } from './storeError.js';

export type ColumnKind = 'numeric' | 'categorical';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN|ENUM\(.*\))$/s;

/**
 * The kind of each asked column of a table, or a ModelError naming what is missing or unsupported: the
 * table, its timestamp column, or a column.
 */
export async function columnKinds(
  engine: Engine,
  table: string,
  timestampColumn: string,
  columns: readonly string[],
): Promise<Map<string, ColumnKind>> {
  const rows = await engine.rows(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = ? AND table_schema = current_schema()`,
    [table],
  );
  const types = new Map(rows.map(([name, type]) => [String(name), String(type)]));
  if (types.size === 0) throw new ModelError(`table ${JSON.stringify(table)} does not exist`);
  if (!types.has(timestampColumn)) {
    throw new ModelError(
      `timestamp column ${JSON.stringify(timestampColumn)} is not in table ${JSON.stringify(table)}`,
    );
  }
  const kinds = new Map<string, ColumnKind>();
  for (const column of columns) {
    const type = types.get(column);
    if (type === undefined)
      throw new ModelError(`column ${JSON.stringify(column)} is not in table ${JSON.stringify(table)}`);
    if (NUMERIC.test(type)) kinds.set(column, 'numeric');
    else if (CATEGORICAL.test(type)) kinds.set(column, 'categorical');
    else
      throw new ModelError(
        `column ${JSON.stringify(column)} has type ${type}, which is neither numeric nor categorical`,
      );
  }
  return kinds;
}
