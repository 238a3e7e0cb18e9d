// Writes the end-to-end benchmark's platform store: MODELS production models, each with its own feature
// table of ROWS rows and FEATURES DOUBLE columns, drift in the newest 5% of every fifth feature, and
// predictions in model_events. Even models' tables are stored in timestamp order, odd ones shuffled. Run
// in its own process so its memory does not count against the run.
import { DuckDBInstance } from '@duckdb/node-api';

const [path, models, features, rows] = [
  process.argv[2] ?? 'bench-store.duckdb',
  Number(process.argv[3] ?? 20),
  Number(process.argv[4] ?? 25),
  Number(process.argv[5] ?? 2_000_000),
];

const instance = await DuckDBInstance.create(path);
const connection = await instance.connect();
await connection.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
  features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL DEFAULT 'event_time')`);
await connection.run(
  'CREATE TABLE model_events(model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE)',
);
const names = Array.from({ length: features }, (_, f) => `f${String(f).padStart(2, '0')}`);
for (let m = 0; m < models; m++) {
  const table = `features_${m}`;
  const columns = names.map(
    (name, f) =>
      `random() + CASE WHEN ${f % 5 === 0} AND i >= ${Math.floor(rows * 0.95)} THEN 0.3 ELSE 0 END AS ${name}`,
  );
  await connection.run(`CREATE TABLE ${table} AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
    ${columns.join(', ')} FROM range(${rows}) t(i) ${m % 2 === 1 ? 'ORDER BY random()' : ''}`);
  await connection.run(
    `INSERT INTO model_metadata VALUES ('model_${m}', 'production', [${names.map((n) => `'${n}'`).join(', ')}], '${table}', 'event_time')`,
  );
  await connection.run(`INSERT INTO model_events SELECT 'model_${m}', TIMESTAMP '2026-01-01' + to_seconds(i * 10),
    random() FROM range(${Math.floor(rows / 10)}) t(i)`);
  process.stderr.write(`\rgenerated ${m + 1}/${models} feature tables`);
}
process.stderr.write('\n');
connection.closeSync();
instance.closeSync();
