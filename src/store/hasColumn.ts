import type { Engine } from '../engine/engine.js';

/** Whether the table (in the current schema) has the column; false when the table does not exist. */
export async function hasColumn(engine: Engine, table: string, column: string): Promise<boolean> {
  const [row] = await engine.rows(
    `SELECT count(*) FROM information_schema.columns
     WHERE table_name = ? AND column_name = ? AND table_schema = current_schema()`,
    [table, column],
  );
  return Number(row?.[0]) > 0;
}
