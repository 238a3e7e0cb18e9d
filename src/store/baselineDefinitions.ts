import type { Engine } from '../engine/engine.js';
import type { RowSet } from './types.js';

/** Bumped when what a profile holds, or how its rows are chosen, changes: every stored profile is rebuilt. */
const FORMAT = 2;

/**
 * Each column's profile definition, as JSON: the source as named and its kind, the timestamp column, the predicate with its bound
 * values (the model, the time range), the cap, the column with its DuckDB type and the signal's settings. A profile whose
 * definition differs is not read: changing any of them rebuilds it.
 */
export async function baselineDefinitions(
  engine: Engine,
  rows: RowSet,
  cap: number,
  columns: readonly string[],
  signal: Readonly<Record<string, unknown>>,
): Promise<Map<string, string>> {
  const described = await engine.rows(`DESCRIBE SELECT * FROM ${rows.source.sql}`);
  const types = new Map(described.map(([name, type]) => [String(name), String(type)]));
  return new Map(
    columns.map((column) => [
      column,
      JSON.stringify({
        format: FORMAT,
        // The name as model_metadata gives it, not the resolved one: that names the database, which
        // differs by engine and by the file's name.
        source: rows.source.name,
        kind: rows.source.kind,
        timestamp: rows.timestampColumn,
        filter: rows.filter?.sql ?? null,
        params: rows.filter?.params ?? [],
        cap,
        column,
        type: types.get(column) ?? null,
        // The seasonality, the gate's window shape and the thresholds the phases and figures were made with.
        signal,
      }),
    ]),
  );
}
