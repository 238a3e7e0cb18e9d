import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, METADATA_DDL, query, scratchFolder } from './support/platformDatabase.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const hourMs = 3_600_000;
let folder: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  folder = scratchFolder();
});
afterAll(() => folder.cleanup());

/**
 * Model `hourly`: a row a minute for 74 hours around the CLI's own clock (72 closed hours, then the hour the
 * run compares and the next). Every hour holds the same 60 values, (k + 0.5) / 60, except the last three
 * (the hour before the compared one, it, and the next, in case the clock turns an hour meanwhile), shifted by
 * 0.15: the seed's PSI rule alerts, and the gate's p-value is about 0.2 — ok at the default gateAlpha 0.01,
 * an alert at the file's 0.5.
 */
async function store(path: string) {
  const first = Math.floor(Date.now() / hourMs) * hourMs - 73 * hourMs;
  await execute(
    path,
    METADATA_DDL,
    `INSERT INTO model_metadata VALUES ('hourly', 'production', ['x'], 'features_h', 'event_time')`,
    `CREATE TABLE features_h AS SELECT make_timestamp((${first} + i * 60000)::BIGINT * 1000) AS event_time,
       (i % 60 + 0.5) / 60 + CASE WHEN i // 60 >= 71 THEN 0.15 ELSE 0 END AS x
     FROM range(${74 * 60}) t(i)`,
  );
}

describe('service-c run --config FILE', () => {
  it("runs the file's hourly time windows, seasonality 'day' and gateAlpha, and stores what they gave", async () => {
    const database = folder.path('hourly.duckdb');
    await store(database);
    const config = folder.path('service-c.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: 'hourly.duckdb',
        windows: { kind: 'time', bucketMs: hourMs, historicalFrom: 0, historicalTo: 0.9 },
        seasonality: 'day',
        compare: { gateAlpha: 0.5 },
      }),
    );
    const run = spawnSync(process.execPath, [cli, 'run', '--config', config], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('invalid');
    const [row] = await query(
      database,
      `SELECT status, status_before_gate, seasonality, seasonality_reason, reference_phase, current_count,
              epoch_ms(current_first_time) AS first, epoch_ms(current_last_time) AS last, gate_pvalue_adjusted
       FROM drift_results WHERE target = 'feature' AND feature = 'x'`,
    );
    // The current window is one closed hour: its 60 rows, from its first minute to its last.
    expect(Number(row?.current_count)).toBe(60);
    expect(Number(row?.first) % hourMs).toBe(0);
    expect(Number(row?.last) - Number(row?.first)).toBe(hourMs - 60_000);
    // Compared with the same hour of the day in the reference, because the file says 'day'.
    expect(row?.seasonality).toBe('day');
    expect(row?.seasonality_reason).toBe("seasonality 'day' was set");
    expect(String(row?.reference_phase)).toMatch(/^every day \d\d:00–\d\d:00 UTC over /);
    // The gate's p-value is between the default 0.01 and the file's 0.5: the alert stays by the file's.
    expect(row?.status_before_gate).toBe('alert');
    expect(row?.gate_pvalue_adjusted).toBeGreaterThan(0.01);
    expect(row?.gate_pvalue_adjusted).toBeLessThan(0.5);
    expect(row?.status).toBe('alert');
  });
});
