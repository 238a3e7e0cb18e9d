import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/** A run of the built package in a process of its own, its models' windows and PSI printed. */
const host = `
  const { startServiceC } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const [database, engine] = process.argv.slice(2);
  const summary = await startServiceC({ database, engine }).done;
  console.log(JSON.stringify(summary.models.flatMap((model) =>
    model.features.map((f) => [f.feature, f.reference.rows, f.reference.firstTime, f.current.rows, f.result.psi]))));
`;

describe.each(['node', 'wasm'])('a TIMESTAMPTZ store on the %s engine', (engine) => {
  it('gives the same windows and statistics whatever the process TZ: times are UTC', async () => {
    // A row a minute from 2026-01-01 00:00 UTC; the pin is TIMESTAMP [01-01, 01-04): 4,320 rows in UTC.
    // Read in Tokyo's time it would start nine hours before the first row: 3,780.
    await execute(
      scratch.db,
      `CREATE TABLE model_metadata(model_name VARCHAR, status VARCHAR, features VARCHAR[], feature_table VARCHAR,
         timestamp_column VARCHAR, baseline_from TIMESTAMP, baseline_to TIMESTAMP)`,
      `CREATE TABLE f AS SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(i) AS event_time,
         (hash(i, 1) % 1000003)::DOUBLE / 1000003 + i / 20000 AS x FROM range(20000) t(i)`,
      `INSERT INTO model_metadata VALUES ('m', 'production', ['x'], 'f', 'event_time',
         TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-04')`,
    );
    const script = scratch.folder.path('host.mjs');
    writeFileSync(script, host);
    const runIn = (tz: string) => {
      const copy = scratch.folder.path(`${tz.replace('/', '-')}.duckdb`);
      copyFileSync(scratch.db, copy);
      const child = spawnSync(process.execPath, [script, copy, engine], {
        encoding: 'utf8',
        env: { ...process.env, TZ: tz },
      });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout);
    };
    const utc = runIn('UTC');
    expect(utc).toEqual([['x', 4320, Date.UTC(2026, 0, 1), 1000, expect.any(Number)]]);
    expect(runIn('Asia/Tokyo')).toEqual(utc);
  }, 120_000);
});
