// The store of issue 17's memory finding: ten models, six features each, prediction and labels, their
// references pinned to 28 days of a row every 10 s (35 days generated). `npx tsx scripts/pinnedStore.ts FILE`,
// then `service-c run --db FILE` (default duckdbMemoryLimit 64MB).
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const db = process.argv[2];
if (db === undefined) throw new Error('usage: pinnedStore.ts FILE');
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });
const inst = await DuckDBInstance.create(db);
const c = await inst.connect();
const DAYS = 35,
  ROWS = DAYS * 8640;
await c.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, features VARCHAR[] NOT NULL,
  feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL DEFAULT 'event_time', baseline_from TIMESTAMP, baseline_to TIMESTAMP)`);
await c.run(
  `CREATE TABLE model_events (model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE, label DOUBLE)`,
);
for (let m = 0; m < 10; m++) {
  const name = `model_${m}`;
  await c.run(`CREATE TABLE f_${m} AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i*10) AS event_time,
    ${[0, 1, 2, 3, 4, 5].map((f) => `(hash(i, ${m * 10 + f}) % 1000003)::DOUBLE / 1000003 AS x${f}`).join(', ')} FROM range(${ROWS}) t(i)`);
  await c.run(`INSERT INTO model_metadata VALUES ('${name}', 'production', ['x0','x1','x2','x3','x4','x5'], 'f_${m}', 'event_time',
    TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-29')`);
  await c.run(`INSERT INTO model_events SELECT '${name}', TIMESTAMP '2026-01-01' + to_seconds(i*10), p, CASE WHEN (hash(i, 99) % 1000003)::DOUBLE / 1000003 < p THEN 1 ELSE 0 END
     FROM (SELECT i, (hash(i, ${m + 200}) % 1000003)::DOUBLE / 1000003 AS p FROM range(${ROWS}) t(i))`);
}
c.closeSync();
inst.closeSync();
console.log('created', db);
