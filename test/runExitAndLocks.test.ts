// `service-c run` beside other processes on its file (issue 20, item 4): it waits for the lock as queue runs
// do, serve holds the file only while it reads, and the exit code tells cron that a model failed.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createDriftPlatform } from './support/driftPlatform.js';
import { scratchDatabasePerTest } from './support/platformDatabase.js';
import { holdDatabase } from './support/queue.js';
import { pollUntil, spawnServiceC, startServe } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();

async function runExit(...args: string[]) {
  const child = spawnServiceC(['run', '--db', scratch.db, ...args]);
  const exit = await child.exited;
  return { code: exit.code, stderr: child.stderr() };
}

describe('run exit code', () => {
  it('exits 1 when a model ends in error, naming it; 0 with --fail-on never', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2_000,
      models: { good: ['clean'], broken: ['no_such_column'] },
    });
    const failed = await runExit();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('service-c: 1 of 2 models fail --fail-on error: broken (error)\n');
    expect((await runExit('--fail-on', 'never')).code).toBe(0);
  });

  it('exits 0 for models in alert by default, 1 with --fail-on alert', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 2_000,
      models: { calm: ['clean'], drifting: ['shifted'] },
    });
    expect((await runExit()).code).toBe(0);
    const alerting = await runExit('--fail-on', 'alert');
    expect(alerting.code).toBe(1);
    expect(alerting.stderr).toContain('service-c: 1 of 2 models fail --fail-on alert: drifting (alert)\n');
  });

  it('refuses an unknown --fail-on with exit code 2', async () => {
    const result = await runExit('--fail-on', 'warning');
    expect(result).toEqual({
      code: 2,
      stderr: "service-c: --fail-on expects error, alert or never, got 'warning'\n",
    });
  });
});

describe('run and the database lock', () => {
  it('waits while another process holds the file, then runs once it lets go', async () => {
    await createDriftPlatform(scratch.db, { rows: 2_000, models: { calm: ['clean'] } });
    const holder = await holdDatabase(scratch.db);
    const run = spawnServiceC(['run', '--db', scratch.db]);
    await pollUntil('the run to wait for the lock', () =>
      run.stderr().includes('is held by another process; waiting') ? true : undefined,
    );
    await holder.release();
    expect(await run.exited, run.stderr()).toEqual({ code: 0, signal: null });
  });

  it('serve lets the file go as soon as a dashboard read answers', async () => {
    await createDriftPlatform(scratch.db, { rows: 2_000, models: { calm: ['clean'] } });
    const serve = await startServe(['--db', scratch.db]);
    try {
      for (const path of ['/api/overview', '/healthz', '/api/models/calm']) {
        expect((await fetch(`${serve.url}${path}`)).status).toBe(200);
        // Opened for writing at once, without waiting: serve holds nothing between reads.
        const instance = await DuckDBInstance.create(scratch.db);
        instance.closeSync();
      }
      const run = spawnServiceC(['run', '--db', scratch.db]);
      expect(await run.exited, run.stderr()).toEqual({ code: 0, signal: null });
      expect(run.stderr()).not.toContain('held by another process');
    } finally {
      await serve.stop();
    }
  });
});
