import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

// Events i = 0 … 19,999 of each model, a second apart: the reference is ranks 10,000 … 13,999 (50-70%), the
// current window 19,000 … 19,999 (the newest 5%).
const at = (i: number) => `TIMESTAMP '2026-01-01' + INTERVAL ${i} SECOND`;

/** The recipe's run in a process of its own, given at most three minutes: a hang fails, not stalls, the suite. */
const host = `
  const { startServiceC } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const summary = await startServiceC({ database: process.argv[2] }).done;
  const { result } = summary.models[0].performance;
  console.log(JSON.stringify({ task: result.task, missing: [result.referenceMissing, result.currentMissing],
    auc: result.metrics[0] }));
`;

describe('non-finite predictions and labels', () => {
  it('one NaN prediction of a binary classifier ends the run (it looped forever), counted as missing', async () => {
    await createDriftPlatform(scratch.db, { rows: 20_000, models: { model_a: ['clean'] }, labels: true });
    await execute(
      scratch.db,
      "ALTER TABLE model_metadata ADD COLUMN task VARCHAR DEFAULT 'binary_classification'",
      `UPDATE model_events SET prediction = 'NaN'::DOUBLE WHERE event_time = ${at(19_500)}`,
    );
    const script = scratch.folder.path('host.mjs');
    writeFileSync(script, host);
    const child = spawnSync(process.execPath, [script, scratch.db], {
      encoding: 'utf8',
      timeout: 180_000,
      killSignal: 'SIGKILL',
    });
    expect(child.signal, 'the run did not end within three minutes').toBeNull();
    expect(child.stderr).toBe('');
    const { task, missing, auc } = JSON.parse(child.stdout);
    expect(task).toBe('binary_classification');
    expect(missing).toEqual([0, 1]);
    expect(auc.metric).toBe('auc');
    for (const value of [auc.reference, auc.current, auc.changeLow, auc.changeHigh]) {
      expect(Number.isFinite(value)).toBe(true);
    }
  }, 200_000);

  it('leaves NaN and ±Infinity labels and predictions out of every metric, and says how many in the row', async () => {
    await createDriftPlatform(scratch.db, {
      rows: 20_000,
      models: { binary: ['clean'], regression: ['clean'] },
      labels: true,
    });
    await execute(
      scratch.db,
      // The regression model's labels are amounts, not classes: its task is inferred as regression.
      "UPDATE model_events SET label = prediction * 10 + label WHERE model_name = 'regression'",
      `UPDATE model_events SET label = 'NaN'::DOUBLE WHERE event_time = ${at(10_500)}`,
      `UPDATE model_events SET prediction = 'Infinity'::DOUBLE WHERE event_time = ${at(11_000)}`,
      `UPDATE model_events SET label = '-Infinity'::DOUBLE WHERE event_time = ${at(19_100)}`,
    );
    const run = await startServiceC({ database: scratch.db }).done;
    expect(run.models.map((m) => [m.model, m.performance?.result.task])).toEqual([
      ['binary', 'binary_classification'],
      ['regression', 'regression'],
    ]);
    const rows = await query(
      scratch.db,
      `SELECT model_name, feature, metric_reference, metric_current, reference_missing, current_missing,
              reference_count, current_count, status
       FROM drift_results WHERE target = 'performance' ORDER BY ALL`,
    );
    expect(rows.map((row) => `${row.model_name} ${row.feature}`)).toEqual([
      'binary accuracy',
      'binary auc',
      'binary brier',
      'binary log_loss',
      'binary positive_rate',
      'regression mae',
      'regression mean_error',
      'regression rmse',
    ]);
    for (const row of rows) {
      expect(Number.isFinite(row.metric_reference)).toBe(true);
      expect(Number.isFinite(row.metric_current)).toBe(true);
      expect(row).toMatchObject({
        reference_missing: '2',
        current_missing: '1',
        reference_count: '3998',
        current_count: '999',
      });
      expect(['ok', 'warning', 'alert']).toContain(row.status);
    }
  }, 200_000);
});
