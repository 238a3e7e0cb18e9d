import { execute, featureTableSql, METADATA_DDL, uniform } from './platformDatabase.js';

/**
 * model_a's 8,000 events score a calibrated probability (the label drawn with it). From event `squeezedFrom`
 * on, the scores crowd into [0.4, 0.6] (still calibrated: the model ranks worse there), and events from
 * `unlabelledFrom` on have no label yet.
 */
export async function estimatePlatform(db: string, { squeezedFrom = 7200, unlabelledFrom = 7200 } = {}) {
  const score = `CASE WHEN i >= ${squeezedFrom} THEN 0.4 + 0.2 * ${uniform(8)} ELSE ${uniform(8)} END`;
  await execute(
    db,
    METADATA_DDL,
    featureTableSql('features_a', 2000),
    `INSERT INTO model_metadata VALUES ('model_a', 'production', ['clean'], 'features_a', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'model_a' AS model_name,
       TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, ${score} AS prediction,
       CASE WHEN i < ${unlabelledFrom} THEN CASE WHEN ${uniform(7)} < ${score} THEN 1 ELSE 0 END END AS label
     FROM range(8000) t(i)`,
  );
}
