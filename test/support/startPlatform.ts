import { execute, featureTableSql, literal, METADATA_DDL, query, uniform } from './platformDatabase.js';

/**
 * The platform of the startServiceC tests: `model_a` over every column of featureTableSql (so `shifted` and
 * `channel` drift, the others do not), an archived `model_old` the run must leave alone, and predictions for
 * `model_a` that do not drift.
 */
export async function createStartPlatform(db: string, rows = 20_000): Promise<void> {
  await execute(
    db,
    METADATA_DDL,
    featureTableSql('features_a', rows),
    `INSERT INTO model_metadata VALUES
      ('model_a', 'production', ['rank', 'clean', 'shifted', 'channel', 'gappy'], 'features_a', 'event_time'),
      ('model_old', 'archived', ['clean'], 'features_a', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'model_a' AS model_name,
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, ${uniform(6)} AS prediction FROM range(${rows}) t(i)`,
  );
}

/** The feature rows one run wrote to drift_results, by feature name. */
export const featureRowsOf = (db: string, runId: string) =>
  query(
    db,
    `SELECT * FROM drift_results WHERE run_id = ${literal(runId)} AND target = 'feature' ORDER BY feature`,
  );
