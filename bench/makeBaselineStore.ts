// Writes the baseline benchmark's store: one production model whose feature table holds DAYS days of rows
// one second apart (in time order, as an append-only log grows), FEATURES DOUBLE columns, its reference
// pinned to the first PINNED days, and one prediction every 10 s in model_events. Run in its own process.
import { DuckDBInstance } from '@duckdb/node-api';

const [path, features, days, pinnedDays] = [
  process.argv[2] ?? 'baseline-store.duckdb',
  Number(process.argv[3] ?? 25),
  Number(process.argv[4] ?? 35),
  Number(process.argv[5] ?? 28),
];
const rows = days * 86_400;
const names = Array.from({ length: features }, (_, f) => `f${String(f).padStart(2, '0')}`);

const instance = await DuckDBInstance.create(path);
const connection = await instance.connect();
await connection.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
  features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL,
  baseline_from TIMESTAMP, baseline_to TIMESTAMP)`);
await connection.run(`INSERT INTO model_metadata VALUES ('model_0', 'production',
  [${names.map((n) => `'${n}'`).join(', ')}], 'features_0', 'event_time',
  TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01' + INTERVAL ${pinnedDays} DAY)`);
await connection.run(`CREATE TABLE features_0 AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
  ${names.map((name) => `random() AS ${name}`).join(', ')} FROM range(${rows}) t(i) ORDER BY i`);
await connection.run(`CREATE TABLE model_events AS SELECT 'model_0' AS model_name,
  TIMESTAMP '2026-01-01' + to_seconds(10 * i) AS event_time, random() AS prediction
  FROM range(${rows / 10}) t(i) ORDER BY i`);
connection.closeSync();
instance.closeSync();
