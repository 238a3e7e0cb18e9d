// serve without --every follows runs of another process (a cron `run`) on /metrics, as its dashboard does
// (issue 20, item 5): the gauges come from drift_results whenever the file changed.
import { describe, expect, it } from 'vitest';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { spawnServiceC, startServe } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();

async function cronRun(): Promise<void> {
  const run = spawnServiceC(['run', '--db', scratch.db, '--fail-on', 'never']);
  expect(await run.exited, run.stderr()).toEqual({ code: 0, signal: null });
}

const sample = (text: string, series: string) =>
  new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1];

describe('serve without --every', () => {
  it("shows another process's runs on /metrics, the last success included; a failed model's series stay at -2", async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2_000,
      models: { calm: ['clean'], drifting: ['shifted'] },
    });
    const serve = await startServe(['--db', scratch.db]);
    try {
      const scrape = async () => (await fetch(`${serve.url}/metrics`)).text();
      const before = await scrape();
      expect(before).not.toMatch(/^drift_model_status\{/m);
      expect(sample(before, 'drift_last_success_timestamp_seconds')).toBe('0');

      await cronRun();
      const after = await scrape();
      const [stored] = await query(
        scratch.db,
        `SELECT r.psi, epoch_ms(m.last_drift_run_at)::DOUBLE / 1000 AS at
         FROM drift_results r JOIN model_metadata m USING (model_name)
         WHERE r.model_name = 'drifting' AND r.target = 'feature'`,
      );
      expect(sample(after, 'drift_model_status{model="drifting"}')).toBe('2');
      expect(sample(after, 'drift_model_status{model="calm"}')).toBe('0');
      expect(Number(sample(after, 'drift_feature_psi{model="drifting",feature="shifted"}'))).toBe(
        stored?.psi,
      );
      expect(Number(sample(after, 'drift_last_success_timestamp_seconds'))).toBe(stored?.at);

      await execute(
        scratch.db,
        `UPDATE model_metadata SET feature_table = 'gone' WHERE model_name = 'drifting'`,
      );
      await cronRun();
      const failed = await scrape();
      expect(sample(failed, 'drift_model_status{model="drifting"}')).toBe('-2');
      expect(sample(failed, 'drift_feature_status{model="drifting",feature="shifted"}')).toBe('-2');
      expect(Number(sample(failed, 'drift_feature_psi{model="drifting",feature="shifted"}'))).toBe(
        stored?.psi,
      );
      expect(sample(failed, 'drift_model_status{model="calm"}')).toBe('0');
    } finally {
      await serve.stop();
    }
  });
});
