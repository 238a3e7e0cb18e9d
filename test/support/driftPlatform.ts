import { execute, featureTableSql, literal, METADATA_DDL, uniform } from './platformDatabase.js';

export interface DriftPlatform {
  /** Rows of the shared feature table. */
  rows?: number;
  /** Production models and their features, among `clean`, `shifted` (numeric) and `channel` (categorical). */
  models?: Record<string, string[]>;
  /** Prediction events for every model (default), or none: each model is then scored by its features. */
  events?: boolean;
  /** Labels on the events, drawn with the prediction as their probability (a calibrated, steady model). */
  labels?: boolean;
}

/** A platform database with one feature table (see featureTableSql) shared by its production models. */
export async function createDriftPlatform(
  path: string,
  {
    rows = 20_000,
    models = { model_a: ['clean', 'shifted', 'channel'] },
    events = true,
    labels = false,
  }: DriftPlatform = {},
): Promise<void> {
  await execute(
    path,
    METADATA_DDL,
    featureTableSql('features', rows),
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
    ...(labels
      ? [
          'ALTER TABLE model_events ADD COLUMN label DOUBLE',
          `UPDATE model_events SET label =
             CASE WHEN (hash(model_name, event_time, 9) % 1000003)::DOUBLE / 1000003 < prediction THEN 1 ELSE 0 END`,
        ]
      : []),
  );
}
