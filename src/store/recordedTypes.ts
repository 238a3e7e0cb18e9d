import type { Engine } from '../engine/engine.js';
import { hasColumn } from './hasColumn.js';
import { quoteIdentifier } from './quoteIdentifier.js';

/**
 * The DuckDB type each column of a model's target had in its newest drift_results row: the type recorded
 * with the reference the current window is compared with (docs/data-quality.md). Empty before a first run,
 * and where the table or its column_type is missing (a build before it, a database only read).
 */
export async function recordedTypes(
  engine: Engine,
  table: string,
  model: string,
  target: 'feature' | 'prediction',
): Promise<Map<string, string>> {
  if (!(await hasColumn(engine, table, 'column_type'))) return new Map();
  const rows = await engine.rows(
    `SELECT feature, arg_max(column_type, computed_at) FROM ${quoteIdentifier(table)}
     WHERE model_name = ? AND target = ? AND column_type IS NOT NULL GROUP BY feature`,
    [model, target],
  );
  return new Map(rows.map(([feature, type]) => [String(feature), String(type)]));
}
