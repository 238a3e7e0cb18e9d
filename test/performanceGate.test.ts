import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { normalSf } from '../src/stats/normalSf.js';
import { execute, METADATA_DDL, query, scratchDatabasePerTest, uniform } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();
const hourMs = 3_600_000;
const start = Date.UTC(2026, 0, 5);
const perHour = 200;

/**
 * Model m: 49 hours of 200 labelled events (a Monday from 00:00), the prediction uniform in every hour. In
 * the 48 reference hours the label follows the score sharply in even hours (P(1 | s) = s, AUC about 0.83)
 * and dully in odd ones (P(1 | s) = 0.35 + 0.3·s, AUC about 0.58): the reference's own hours differ by far
 * more than sampling. The 49th hour, the current one, is dull or `inverted` (P(1 | s) = 1 − s).
 */
async function platform(current: 'dull' | 'inverted') {
  const hour = `(i // ${perHour})`;
  const score = uniform(21);
  const chance = `CASE WHEN ${hour} = 48 THEN ${current === 'dull' ? `0.35 + 0.3 * ${score}` : `1 - ${score}`}
    WHEN ${hour} % 2 = 0 THEN ${score} ELSE 0.35 + 0.3 * ${score} END`;
  const time = `TIMESTAMP '2026-01-05' + to_seconds(i * ${3600 / perHour})`;
  await execute(
    scratch.db,
    METADATA_DDL,
    `CREATE TABLE features_m AS SELECT ${time} AS event_time, ${uniform(22)} AS a FROM range(${49 * perHour}) t(i)`,
    `INSERT INTO model_metadata VALUES ('m', 'production', ['a'], 'features_m', 'event_time')`,
    `CREATE TABLE model_events AS SELECT 'm' AS model_name, ${time} AS event_time, ${score} AS prediction,
       CASE WHEN ${uniform(23)} < ${chance} THEN 1 ELSE 0 END AS label
     FROM range(${49 * perHour}) t(i)`,
  );
}

/** The current hour (the 49th) against the pinned first 48 hours. */
const run = () =>
  startServiceC({
    database: scratch.db,
    now: () => new Date(start + 49 * hourMs + 30_000),
    windows: {
      kind: 'time',
      bucketMs: hourMs,
      historical: { from: new Date(start), to: new Date(start + 48 * hourMs) },
      historicalFrom: 0,
      historicalTo: 0.5,
    },
  }).done;

const headlineRow = async (runId: string) =>
  (
    await query(
      scratch.db,
      `SELECT status, status_before_gate, metric_reference, metric_current, gate_dispersion, gate_windows,
              gate_pvalue, gate_pvalue_adjusted
       FROM drift_results WHERE run_id = '${runId}' AND target = 'performance' AND feature = 'auc'`,
    )
  )[0];

describe('the gate of the realized performance', () => {
  it("keeps ok a performance drop within the reference's own spread (its hours' AUCs), stored and read back", async () => {
    await platform('dull');
    const summary = await run();
    const [model] = summary.models;
    const performance = model?.performance?.result;
    const gate = performance?.gate;
    // The seed's rule alerts: the AUC fell by more than 0.05 and the bootstrap interval excludes no change ...
    expect(gate?.statusBeforeGate).toBe('alert');
    const [auc] = performance?.metrics ?? [];
    expect((auc?.reference as number) - (auc?.current as number)).toBeGreaterThan(0.05);
    expect(auc?.changeHigh).toBeLessThan(0);
    // ... but the reference's own hours fall that far from the whole: every hour is a chunk of 200 events.
    expect(gate?.windows).toBe(48);
    expect(gate?.referenceSpread).toBeGreaterThan(0.1);
    expect(gate?.dispersion).toBe(gate?.referenceSpread);
    expect(gate?.pvalue).toBe(
      normalSf(((auc?.reference as number) - (auc?.current as number)) / (gate?.dispersion as number)),
    );
    expect(gate?.pvalueAdjusted).toBeGreaterThan(0.01);
    expect(performance?.status).toBe('ok');
    expect(model?.status).toBe('ok');
    const row = await headlineRow(summary.runId);
    expect(row).toEqual({
      status: 'ok',
      status_before_gate: 'alert',
      metric_reference: auc?.reference,
      metric_current: auc?.current,
      gate_dispersion: gate?.dispersion,
      gate_windows: 48,
      gate_pvalue: gate?.pvalue,
      gate_pvalue_adjusted: gate?.pvalueAdjusted,
    });

    // The next run reads the pinned reference from its stored profiles: the same spread, the same decision.
    const again = await run();
    const [second] = again.models;
    expect(second?.baseline?.profilesRead).toBeGreaterThan(0);
    expect(second?.performance?.result.gate).toEqual(gate);
    expect(second?.status).toBe('ok');
  });

  it("alerts on a drop beyond the reference's own spread, corrected with the model's other tests", async () => {
    await platform('inverted');
    const summary = await run();
    const [model] = summary.models;
    const gate = model?.performance?.result.gate;
    expect(gate?.statusBeforeGate).toBe('alert');
    expect(gate?.windows).toBe(48);
    // Holm over the family of three (the feature, the prediction, the performance): at most 3 × its p-value.
    const pvalue = gate?.pvalue as number;
    expect(pvalue).toBeLessThan(0.001);
    expect(gate?.pvalueAdjusted).toBeGreaterThanOrEqual(pvalue);
    expect(gate?.pvalueAdjusted).toBeLessThanOrEqual(3 * pvalue);
    expect(model?.performance?.result.status).toBe('alert');
    expect(model?.prediction?.result.status).toBe('ok');
    expect(model?.status).toBe('alert');
    const row = await headlineRow(summary.runId);
    expect(row?.status_before_gate).toBe('alert');
    expect(row?.gate_pvalue_adjusted).toBe(gate?.pvalueAdjusted);
  });
});
