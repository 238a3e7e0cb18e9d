// A new user's natural guesses about the input tables: each answered in words, per model, never by DuckDB.
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, scratchDatabasePerTest, uniform } from './support/platformDatabase.js';

// 2,000 rows a minute apart from 2026-01-01, `x` drifting by +0.5 in the newest 5%, `region` coded 0..4.
const rows = (timestamp: string) =>
  `SELECT ${timestamp} AS ts, ${uniform(1)} + CASE WHEN i >= 1900 THEN 0.5 ELSE 0 END AS x,
          (hash(i, 7) % 5)::INTEGER AS region FROM range(2000) t(i)`;
const start = `TIMESTAMP '2026-01-01'`;
const epochMs = `(epoch_ms(${start}) + i * 60000)::BIGINT`;

const metadata = (features: string) => [
  `CREATE TABLE model_metadata (model_name VARCHAR, status VARCHAR, features ${features},
     feature_table VARCHAR, timestamp_column VARCHAR)`,
];

async function run(db: string, options: Partial<RunOptionsInput> = {}) {
  const summary = await startServiceC({ database: db, threads: 1, ...options }).done;
  return summary;
}

describe('natural mistakes in the input', () => {
  const scratch = scratchDatabasePerTest();

  it('features as comma-separated VARCHAR: "must be VARCHAR[]" for each model, the run goes on', async () => {
    await execute(
      scratch.db,
      ...metadata('VARCHAR'),
      `INSERT INTO model_metadata VALUES ('a', 'production', 'x,region', 'f', 'ts'),
                                         ('b', 'production', 'x', 'f', 'ts')`,
      `CREATE TABLE f AS ${rows(`${start} + to_seconds(i * 60)`)}`,
    );
    const summary = await run(scratch.db);
    expect(summary.outcome).toBe('success');
    expect(summary.models.map((model) => [model.model, model.status, model.error])).toEqual([
      ['a', 'error', "features must be VARCHAR[]; got VARCHAR 'x,region'"],
      ['b', 'error', "features must be VARCHAR[]; got VARCHAR 'x'"],
    ]);
  });

  it('a BIGINT epoch timestamp without a declared unit: one line naming the type needed', async () => {
    await execute(
      scratch.db,
      ...metadata('VARCHAR[]'),
      `INSERT INTO model_metadata VALUES ('a', 'production', ['x'], 'f', 'ts'),
                                         ('b', 'production', ['x'], 'g', 'ts')`,
      `CREATE TABLE f AS ${rows(epochMs)}`,
      `CREATE TABLE g AS ${rows(`${start} + to_seconds(i * 60)`)}`,
    );
    const summary = await run(scratch.db);
    expect(summary.models.map((model) => [model.model, model.status, model.error])).toEqual([
      [
        'a',
        'error',
        `timestamp column "ts" of "f" is BIGINT: it must be a TIMESTAMP, or integer epoch seconds or milliseconds declared with timestampUnit 's' or 'ms' (for the run or the model)`,
      ],
      ['b', 'alert', null],
    ]);
  });

  it('BIGINT epoch milliseconds and INTEGER seconds, declared, give what the same TIMESTAMPs give', async () => {
    await execute(
      scratch.db,
      ...metadata('VARCHAR[]'),
      `INSERT INTO model_metadata VALUES ('ms', 'production', ['x'], 'f_ms', 'ts'),
        ('s', 'production', ['x'], 'f_s', 'ts'), ('timestamp', 'production', ['x'], 'f_ts', 'ts')`,
      `CREATE TABLE f_ms AS ${rows(epochMs)}`,
      `CREATE TABLE f_s AS ${rows(`(epoch(${start})::BIGINT + i * 60)::INTEGER`)}`,
      `CREATE TABLE f_ts AS ${rows(`${start} + to_seconds(i * 60)`)}`,
    );
    // Hourly buckets: the conversion must hold in the time filters too, not only in the order.
    const summary = await run(scratch.db, {
      windows: { kind: 'time', bucketMs: 3_600_000 },
      now: () => new Date('2026-01-02T09:10:00Z'),
      timestampUnit: 'ms',
      models: { s: { timestampUnit: 's' } },
    });
    const seen = summary.models.map((model) => {
      const [feature] = model.features;
      return [model.model, model.status, model.error, feature?.current, feature?.result.psi];
    });
    const timestamp = seen[2] as unknown[];
    expect(timestamp[1]).toBe('alert');
    expect((timestamp[3] as { rows: number }).rows).toBe(60);
    expect(seen[0]).toEqual(['ms', ...timestamp.slice(1)]);
    expect(seen[1]).toEqual(['s', ...timestamp.slice(1)]);
  });

  it("a status that differs only in case ('Production'): skipped, with a warning in the summary", async () => {
    await execute(
      scratch.db,
      ...metadata('VARCHAR[]'),
      `INSERT INTO model_metadata VALUES ('a', 'Production', ['x'], 'f', 'ts'), ('b', 'production', ['x'], 'f', 'ts'),
                                         ('c', 'PRODUCTION', ['x'], 'f', 'ts'), ('d', 'archived', ['x'], 'f', 'ts')`,
      `CREATE TABLE f AS ${rows(`${start} + to_seconds(i * 60)`)}`,
    );
    const summary = await run(scratch.db);
    expect(summary.models.map((model) => model.model)).toEqual(['b']);
    expect(summary.warnings).toEqual([
      `1 row of "model_metadata" with status 'PRODUCTION', not 'production': skipped (the status must match exactly, case included)`,
      `1 row of "model_metadata" with status 'Production', not 'production': skipped (the status must match exactly, case included)`,
    ]);
  });

  it('an integer-coded column declared categorical for a model is compared as categories', async () => {
    await execute(
      scratch.db,
      ...metadata('VARCHAR[]'),
      `INSERT INTO model_metadata VALUES ('a', 'production', ['region'], 'f', 'ts'),
                                         ('b', 'production', ['region'], 'f', 'ts')`,
      `CREATE TABLE f AS ${rows(`${start} + to_seconds(i * 60)`)}`,
    );
    const summary = await run(scratch.db, { models: { b: { categorical: ['region'] } } });
    const [a, b] = summary.models.map((model) => model.features[0]?.result);
    expect(a?.kind).toBe('numeric');
    expect(b?.kind).toBe('categorical');
    expect(b?.bins.edges).toEqual(['0', '1', '2', '3', '4']);
    expect(b?.chi2).not.toBeNull();
  });
});
