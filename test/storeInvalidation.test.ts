import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDemoDatabase } from '../src/demo/createDemoDatabase.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/**
 * A host embedding the built package (as Service D does), in its own process: after the second model is
 * written, the run's own engine is told to abort every checkpoint (DuckDB's debug setting; a checkpoint
 * that fails is FATAL, as one out of memory is), so the next write invalidates the database. The host then
 * reports how `done` ended and opens the file again.
 */
const host = `
  const { startServiceC, StoreError, openEngine } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const database = process.argv[2];
  let written = 0;
  const run = startServiceC({
    database,
    onModelWritten: async ({ engine }) => {
      if (++written === 2) {
        await engine.run("SET debug_checkpoint_abort = 'before_header'; SET checkpoint_threshold = '0b'");
      }
    },
  });
  const ended = await run.done.then(
    (summary) => ({ resolved: summary.models.map((model) => model.model) }),
    (error) => ({ rejected: error.name, storeError: error instanceof StoreError, message: error.message }),
  );
  const engine = await openEngine(database, { engine: 'node', threads: 1, memoryLimit: '64MB' });
  const models = await engine.rows(
    "SELECT model_name FROM drift_results WHERE target = 'model' ORDER BY computed_at",
  );
  await engine.close();
  console.log(JSON.stringify({ ...ended, written, stored: models.map(([model]) => model) }));
`;

describe('a database DuckDB invalidates in the middle of a run', () => {
  it('ends the run with a StoreError naming the cause; the host lives and the models written before stay', async () => {
    await createDemoDatabase(scratch.db, { largestTableRows: 60_000 });
    // A file, not `-e`: the pool's worker threads inherit the host's flags, and --input-type fails them.
    const script = scratch.folder.path('host.mjs');
    writeFileSync(script, host);
    const child = spawnSync(process.execPath, [script, scratch.db], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    expect(report).toMatchObject({ rejected: 'StoreError', storeError: true, written: 2 });
    expect(report.message).toMatch(
      /^DuckDB invalidated the database after a fatal error \(.*Checkpoint aborted before header write.*\)/,
    );
    expect(report.message).not.toContain('\n');
    // The two models committed before the failure, reopened from the file and its log.
    expect(report.stored).toHaveLength(2);
  });
});

describe("a run's writes and the memory limit", () => {
  it('stores profiles larger than duckdbMemoryLimit without invalidating the database', async () => {
    // Three pinned models of twelve features: each run stores 36 samples of 88,000 doubles (25 MB; packed,
    // the doubles having all 53 bits of precision, about 16 MB), more than the limit, and a checkpoint
    // rewrites all of them at once.
    const features = Array.from({ length: 12 }, (_, f) => `x${f}`);
    await execute(
      scratch.db,
      `CREATE TABLE model_metadata(model_name VARCHAR, status VARCHAR, features VARCHAR[], feature_table VARCHAR,
         timestamp_column VARCHAR, baseline_from TIMESTAMP, baseline_to TIMESTAMP)`,
      `CREATE TABLE f AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
         ${features.map((name, f) => `(hash(i, ${f}) >> 11)::DOUBLE / 9007199254740992 AS ${name}`).join(', ')}
       FROM range(110000) t(i)`,
      ...['a', 'b', 'c'].map(
        (
          model,
        ) => `INSERT INTO model_metadata VALUES ('${model}', 'production', [${features.map((f) => `'${f}'`)}],
          'f', 'event_time', TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01' + INTERVAL 88000 SECOND)`,
      ),
    );
    const summary = await startServiceC({ database: scratch.db, duckdbMemoryLimit: '12MB' }).done;
    expect(summary.models.map((m) => [m.model, m.baseline?.profilesStored])).toEqual([
      ['a', 12],
      ['b', 12],
      ['c', 12],
    ]);
    const [stored] = await query(
      scratch.db,
      // A profile is its summary row (phase NULL) and a row per phase holding that phase's sample.
      `SELECT count(*) FILTER (WHERE phase IS NULL)::INTEGER AS profiles,
         sum(kept_rows) FILTER (WHERE phase IS NOT NULL)::BIGINT AS values,
         sum(octet_length(sample_values))::DOUBLE AS packed FROM drift_baselines`,
    );
    expect(stored).toMatchObject({ profiles: 36, values: String(36 * 88_000) });
    expect(stored?.packed).toBeGreaterThan(12 * 2 ** 20);
  }, 120_000);
});
