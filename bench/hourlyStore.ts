// The platform store of `npm run bench -- hourly` (issue 21.2), generated in DuckDB SQL from a seed: `models`
// production models, each with its own feature table of 30 DOUBLE features, a row every 10 s (360 an hour)
// over 29 days from Monday 2026-01-05 00:00 UTC, its reference pinned to the first 28 days
// (model_metadata's baseline columns), and a prediction and a label per row in model_events (sorted by model
// and time, as an inference log partitioned by model would be). Values have two decimals, as measured data
// usually has, which keeps the file small. Features cycle as platform data does: of every six, two follow a
// daily cycle, one is larger at weekends, three are stationary. Generating 300 tables of draws takes most
// of an hour on a busy 2-core machine: one table of draws is made, and model m's table is a copy of it with
// its columns rotated by 6·m (a rotation keeps each feature's kind).
import { DuckDBInstance } from '@duckdb/node-api';

export const hourlyStart = Date.UTC(2026, 0, 5);
export const hourlyDays = 29;
export const hourlyPinnedDays = 28;
export const hourlyFeatures = 30;
const stepSeconds = 10;

const timestamp = (ms: number) => `make_timestamp(${ms * 1000}::BIGINT)`;

/** Feature f's SQL over r (the row), s (its seconds since the start) and mix(r, k) (a uniform draw). */
function featureSql(f: number): string {
  const u = (k: number) => `mix(r, ${f * 4 + k})`;
  const hour = '((s % 86400) / 3600.0)';
  if (f % 6 === 5) return `round((CASE WHEN (s // 86400) % 7 >= 5 THEN -14 ELSE -10 END) * ln(${u(0)}), 2)`;
  if (f % 3 === 0) {
    return `round(50 + 20 * sin(2 * pi() * (${hour} - 9) / 24) + 10 * (${u(0)} + ${u(1)} + ${u(2)} - 1.5), 2)`;
  }
  return f % 3 === 1 ? `round(-10 * ln(${u(0)}), 2)` : `round(100 * ${u(0)}, 2)`;
}

export const featureName = (f: number) => `f${String(f).padStart(2, '0')}`;

/** Writes a new store of `models` models at `path`, reporting progress on stderr. */
export async function makeHourlyStore(path: string, models: number, seed: number): Promise<void> {
  const instance = await DuckDBInstance.create(path, { threads: '2', preserve_insertion_order: 'true' });
  const db = await instance.connect();
  const rows = (hourlyDays * 86_400) / stepSeconds;
  const names = Array.from({ length: hourlyFeatures }, (_, f) => featureName(f));
  try {
    // A uniform draw in (0, 1) per (row, stream); hashing twice decorrelates the streams.
    await db.run(`CREATE TEMP MACRO mix(r, k) AS
      ((hash(hash(r, k, ${seed})) >> 11)::DOUBLE + 0.5) / 9007199254740992.0`);
    await db.run(`CREATE TABLE model_metadata(model_name VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
      features VARCHAR[] NOT NULL, feature_table VARCHAR NOT NULL, timestamp_column VARCHAR NOT NULL,
      baseline_from TIMESTAMP, baseline_to TIMESTAMP)`);
    await db.run(`CREATE TEMP TABLE draws AS
      SELECT ${timestamp(hourlyStart)} + to_seconds(s) AS event_time,
        ${names.map((name, f) => `${featureSql(f)} AS ${name}`).join(', ')}
      FROM (SELECT r, r * ${stepSeconds} AS s FROM range(${rows}) t(r)) ORDER BY r`);
    for (let m = 0; m < models; m++) {
      const rotated = names.map((name, f) => `${names[(f + 6 * m) % hourlyFeatures]} AS ${name}`);
      await db.run(`CREATE TABLE features_${m} AS SELECT event_time, ${rotated.join(', ')} FROM draws`);
      process.stderr.write(`\rgenerated ${m + 1}/${models} feature tables`);
    }
    process.stderr.write('\n');
    await db.run(`INSERT INTO model_metadata SELECT printf('model_%03d', m), 'production',
      [${names.map((n) => `'${n}'`).join(', ')}], 'features_' || m, 'event_time',
      ${timestamp(hourlyStart)}, ${timestamp(hourlyStart + hourlyPinnedDays * 86_400_000)}
      FROM range(${models}) t(m)`);
    // A calibrated probability and a label drawn from it, one model at a time: one ORDER BY over every
    // model's rows (75 million at 300 models) needs more memory than the machine has.
    await db.run(
      `CREATE TABLE model_events(model_name VARCHAR, event_time TIMESTAMP, prediction DOUBLE, label DOUBLE)`,
    );
    for (let m = 0; m < models; m++) {
      await db.run(`INSERT INTO model_events
        SELECT printf('model_%03d', ${m}), ${timestamp(hourlyStart)} + to_seconds(r * ${stepSeconds}), p,
          CASE WHEN mix(r, ${7_000_000 + m}) < p THEN 1.0 ELSE 0.0 END
        FROM (SELECT r, round(1 / (1 + exp(-(-1 + 4 * (mix(r, ${8_000_000 + m}) - 0.5)))), 4) AS p
              FROM range(${rows}) t(r))
        ORDER BY r`);
      process.stderr.write(`\rgenerated ${m + 1}/${models} models' events`);
    }
    process.stderr.write('\n');
    await db.run('CHECKPOINT');
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
