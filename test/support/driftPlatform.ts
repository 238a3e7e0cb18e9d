import { execute, literal, METADATA_DDL } from './platformDatabase.js';

// Deterministic pseudo-uniforms in [0, 1) from the row number, so that windows are i.i.d. over time.
const uniform = (salt: number) => `(hash(i, ${salt}) % 1000003)::DOUBLE / 1000003`;

export interface DriftPlatform {
  /** Rows of the shared feature table. */
  rows?: number;
  /** Production models and their features, among `clean`, `shifted` (numeric) and `channel` (categorical). */
  models?: Record<string, string[]>;
  /** Prediction events for every model (default), or none: each model is then scored by its features. */
  events?: boolean;
}

/**
 * A platform database with one feature table: `clean` never drifts, `shifted` moves by +1 and `channel`
 * (categorical) changes mix in the newest 5% of rows.
 */
export async function createDriftPlatform(
  path: string,
  { rows = 20_000, models = { model_a: ['clean', 'shifted', 'channel'] }, events = true }: DriftPlatform = {},
): Promise<void> {
  const newest = Math.floor(rows * 0.95);
  await execute(
    path,
    METADATA_DDL,
    `CREATE TABLE features AS SELECT
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
       ${uniform(1)} AS clean,
       ${uniform(2)} + CASE WHEN i >= ${newest} THEN 1 ELSE 0 END AS shifted,
       CASE WHEN i >= ${newest} AND ${uniform(3)} < 0.6 THEN 'ios' WHEN ${uniform(3)} < 0.5 THEN 'web' ELSE 'android' END AS channel
     FROM range(${rows}) t(i)`,
    'CREATE TABLE model_events (model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE)',
    ...Object.entries(models).flatMap(([model, features]) => [
      `INSERT INTO model_metadata VALUES (${literal(model)}, 'production',
         [${features.map(literal).join(', ')}], 'features', 'event_time')`,
      ...(events
        ? [
            `INSERT INTO model_events SELECT ${literal(model)}, TIMESTAMP '2026-01-01' + to_seconds(i), ${uniform(4)}
             FROM range(${rows}) t(i)`,
          ]
        : []),
    ]),
  );
}
