import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunOptionsInput } from '../src/run/options.js';
import type { ModelOutcome, RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, METADATA_DDL, query, scratchDatabasePerTest, uniform } from './support/platformDatabase.js';
import { hourly, START, storeEnd } from './support/seasonalStore.js';

const scratch = scratchDatabasePerTest();
const DAYS = 29;
// Tuesday of the fifth week, 14:00–15:00 UTC: phase 14 of the daily column.
const NOW = new Date(storeEnd(DAYS - 1).getTime() + 15 * 3_600_000);
/** Stationary columns: no cycle, so that a run needs each one's whole sample (one phase). */
const NOISE = Array.from({ length: 14 }, (_, k) => `noise_${k}`);
const FEATURES = ['daily', ...NOISE];

/**
 * Uniforms in [0, 1) with all 53 bits of a double's precision: packed, their sorted samples stay near their
 * size (those of `uniform`, 1,000,003 values, pack 7×), so the stored profiles outgrow the memory limit.
 */
const fullPrecision = (salt: number) => `(hash(i, ${salt}) >> 11)::DOUBLE / 9007199254740992`;

/**
 * model_m: a row every 10 s over DAYS days from START (360 an hour), its reference pinned to the first 28
 * days: 241,920 rows, under the cap, so 1.9 MB of sample a column as doubles, 1.3 MB packed: 19 MB packed
 * for the model.
 */
async function store(db: string): Promise<void> {
  const ts = `TIMESTAMP '2026-01-05' + to_seconds(i * 10)`;
  await execute(
    db,
    METADATA_DDL,
    'ALTER TABLE model_metadata ADD COLUMN baseline_from TIMESTAMP',
    'ALTER TABLE model_metadata ADD COLUMN baseline_to TIMESTAMP',
    `CREATE TABLE features_m AS SELECT ts AS event_time,
       10 + 3 * sin(2 * pi() * hour(ts) / 24) + ${uniform(1)} AS daily,
       ${NOISE.map((name, k) => `${fullPrecision(10 + k)} AS ${name}`).join(', ')}
     FROM (SELECT i, ${ts} AS ts FROM range(${DAYS * 24 * 360}) t(i))`,
    `INSERT INTO model_metadata VALUES ('model_m', 'production', [${FEATURES.map((f) => `'${f}'`).join(', ')}],
       'features_m', 'event_time', make_timestamp(${START * 1000}), make_timestamp(${START * 1000}) + INTERVAL 28 DAY)`,
  );
}

const only = (summary: RunSummary) => summary.models[0] as ModelOutcome;
const findings = ({ status, score, features, error }: ModelOutcome) => ({ status, score, features, error });
const run = (input: Partial<RunOptionsInput> = {}) =>
  startServiceC({ database: scratch.db, windows: hourly, now: () => NOW, ...input }).done;
/** What this process has read through read calls, DuckDB's reads of its file included (Linux). */
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

describe('stored profiles, more of them than DuckDB may hold', () => {
  it('are read a few at a time: an hourly run at a 16 MB memory limit, bit for bit, reading what it needs', async () => {
    await store(scratch.db);
    const cold = only(await run());
    expect(cold.baseline).toMatchObject({ profilesRead: 0, profilesStored: FEATURES.length });
    const [{ stored, needed }] = (await query(
      scratch.db,
      `SELECT sum(octet_length(sample_values))::DOUBLE AS stored,
              (sum(octet_length(sample_values)) FILTER (cycle = 'none' OR phase = 14))::DOUBLE AS needed
       FROM drift_baselines`,
    )) as [{ stored: number; needed: number }];
    // Packed, more than the hourly run's 16 MB memory limit.
    expect(stored).toBeGreaterThan(16 * 2 ** 20);

    const before = bytesRead();
    const hourlyRun = only(await run({ duckdbMemoryLimit: '16MB' }));
    const read = bytesRead() - before;

    expect(hourlyRun.error).toBeNull();
    expect(hourlyRun.baseline).toMatchObject({
      profilesRead: FEATURES.length,
      profilesStored: 0,
      warnings: [],
    });
    expect(findings(hourlyRun)).toEqual(findings(cold));
    // The samples read up to PREFETCH_BYTES (4 MB packed) a query, here 3 of 1.3 MB: every sample at once
    // (or a query that reads every sample of the table, as `rowid IN (…)` did) does not fit this limit; a
    // NULL in the column made DuckDB read the samples of a phase's whole 2,048-row vector for each read.
    // Besides the samples (18 MB packed) the run reads the current hour, the fingerprint's timestamps and,
    // at its close under this limit, what its checkpoint had let go of: 41 MB read in all, measured.
    expect(read).toBeLessThan(2 * needed + 16 * 2 ** 20);
  });
});
