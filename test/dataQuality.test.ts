// The data-quality signals (docs/data-quality.md), each rule on a real DuckDB file run end to end: the
// reference is a table's first half, the current window its second half, with no cycle.
import { describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import type { RunOptionsInput } from '../src/run/options.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { generateSample } from './fixtures/generateSample.js';
import { execute, METADATA_DDL, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

const halves: Omit<RunOptionsInput, 'database'> = {
  windows: { kind: 'fraction', historicalFrom: 0, historicalTo: 0.5, currentFrom: 0.5, currentTo: 1 },
  seasonality: 'none',
};

/**
 * A table `t` of 2·n rows, a row a minute, with the feature `x` given as SQL over the row number `i` and the
 * window's own row number `j` (0 … n-1 in each half), and `cur` (true in the second half).
 */
async function platform(n: number, x: string, type = 'DOUBLE') {
  await execute(
    scratch.db,
    METADATA_DDL,
    `CREATE TABLE t AS WITH r AS (SELECT i, i >= ${n} AS cur, i % ${n} AS j FROM range(${2 * n}) r(i))
     SELECT TIMESTAMP '2026-01-01' + to_minutes(i) AS event_time, CAST(${x} AS ${type}) AS x FROM r`,
    `INSERT INTO model_metadata VALUES ('m', 'production', ['x'], 't', 'event_time')`,
  );
}

async function run(options: Omit<RunOptionsInput, 'database'> = {}) {
  await startServiceC({ database: scratch.db, ...halves, ...options }).done;
  const rows = await query(
    scratch.db,
    `SELECT * FROM drift_results WHERE target = 'feature' ORDER BY computed_at DESC LIMIT 1`,
  );
  return rows[0] as Record<string, unknown>;
}

/** The first `missing` rows of a window are NULL, the others spread over [0, 1). */
const withMissing = (reference: number, current: number) =>
  `CASE WHEN j < (CASE WHEN cur THEN ${current} ELSE ${reference} END) THEN NULL ELSE ((j * 7919) % 1000) / 1000.0 END`;

describe('the missing-rate rule', () => {
  it('a missing rate from 1% to 1.7% on 300 rows stays ok', async () => {
    await platform(300, withMissing(3, 5));
    const row = await run();
    expect(row.missing_rate_reference).toBe(0.01);
    expect(row.missing_rate_current).toBe(5 / 300);
    // z = 0.71187: SciPy 1.17.1's norm.sf gives 0.23827310589252476.
    expect(row.missing_rate_pvalue as number).toBeCloseTo(0.23827310589252476, 12);
    expect(row.quality_status).toBe('ok');
    expect(row.quality_signal).toBeNull();
  });

  it('a missing rate from 1% to 8% on 100 rows stays ok: above the minimum jump, not beyond chance', async () => {
    await platform(100, withMissing(1, 8));
    const row = await run();
    expect(row.missing_rate_current).toBe(0.08);
    // One-sided pooled z-test: z = 0.07 / sqrt(0.045 · 0.955 · 2 / 100) = 2.38767, and SciPy 1.17.1's
    // norm.sf(z) = 0.008477678432078436, above qualityPValue (0.001).
    expect(row.missing_rate_pvalue as number).toBeCloseTo(0.008477678432078436, 12);
    expect(row.quality_status).toBe('ok');
  });

  it('a missing rate from 1% to 3% on 20,000 rows stays ok: beyond chance, below the minimum jump', async () => {
    await platform(20_000, withMissing(200, 600));
    const row = await run();
    expect(row.missing_rate_current).toBe(0.03);
    expect(row.missing_rate_pvalue as number).toBeLessThan(1e-12);
    expect(row.quality_status).toBe('ok');
  });

  it('a missing rate from 1% to 20% on 300 rows is an alert of the missing-rate rule', async () => {
    await platform(300, withMissing(3, 60));
    const row = await run();
    expect([row.missing_rate_reference, row.missing_rate_current]).toEqual([0.01, 0.2]);
    expect(row.quality_status).toBe('alert');
    expect(row.quality_signal).toBe('missing_rate');
    expect(row.status).toBe('alert');
  });

  it('the missing-rate rule is off with missingMinJump: null', async () => {
    await platform(300, withMissing(3, 60));
    const row = await run({ compare: { missingMinJump: null } });
    expect(row.missing_rate_current).toBe(0.2);
    expect(row.quality_signal).toBeNull();
  });
});

// Both windows hold the values 0, 1/300, …, 299/300 once each (j · 7 mod 300 runs over them all).
const grid = '((j * 7) % 300) / 300.0';

describe('the range and quantile rules', () => {
  it('a current window with the reference’s values has none outside its range or its quantiles', async () => {
    await platform(300, grid);
    const row = await run();
    expect([row.out_of_range_share, row.out_of_quantiles_share]).toEqual([0, 2 / 300]);
    expect(row.quality_status).toBe('ok');
  });

  it('values outside the reference’s [min, max] are counted, 5% of them a warning that decides the status', async () => {
    // 15 middle values of the current window become 2: outside the range; 0 and 299/300 are also outside
    // the 0.1–99.9% quantiles (0.299/300 and 298.701/300, numpy's type 7).
    await platform(300, `CASE WHEN cur AND (j * 7) % 300 BETWEEN 100 AND 114 THEN 2 ELSE ${grid} END`);
    const row = await run();
    expect(row.reference_quantile_low).toBeCloseTo(0.299 / 300, 15);
    expect(row.reference_quantile_high).toBeCloseTo(298.701 / 300, 15);
    expect(row.out_of_range_share).toBe(15 / 300);
    expect(row.out_of_quantiles_share).toBe(17 / 300);
    expect(row.quality_status).toBe('warning');
    expect(row.quality_signal).toBe('out_of_range');
    // PSI 0.055 and D 0.05: the drift says ok, the quality decides.
    expect(row.drift_status).toBe('ok');
    expect([row.status, row.status_source]).toEqual(['warning', 'quality']);
  });

  it('a current window drawn like the reference stays ok although a few values fall outside its range', async () => {
    await platform(300, '(hash(i, 5) % 1000003)::DOUBLE / 1000003');
    const row = await run();
    expect(row.out_of_range_share as number).toBeGreaterThan(0);
    expect(row.out_of_range_share as number).toBeLessThan(0.01);
    expect(row.quality_status).toBe('ok');
  });
});

describe('the unseen-category rule', () => {
  const labels = `CASE WHEN cur AND j < 15 THEN 'd' ELSE ['a', 'b', 'c'][j % 3 + 1] END`;

  it('a category never seen in the reference is reported with its share', async () => {
    await platform(300, labels, 'VARCHAR');
    const row = await run();
    expect(row.unseen_categories).toEqual(['d']);
    expect([Number(row.unseen_count), row.unseen_share]).toEqual([1, 0.05]);
    expect(row.quality_status).toBe('warning');
    expect(row.quality_signal).toBe('unseen_categories');
  });

  it('one row of a new category in 300 is reported but stays ok', async () => {
    await platform(300, `CASE WHEN cur AND j = 0 THEN 'd' ELSE ['a', 'b', 'c'][j % 3 + 1] END`, 'VARCHAR');
    const row = await run();
    expect([row.unseen_categories, Number(row.unseen_count), row.unseen_share]).toEqual([['d'], 1, 1 / 300]);
    expect(row.quality_status).toBe('ok');
  });
});

describe('the became-constant rule', () => {
  it('a column constant in the current window but not in the reference is an alert', async () => {
    await platform(300, `CASE WHEN cur THEN 5 ELSE ${grid} END`);
    const row = await run();
    expect(row.became_constant).toBe(true);
    expect([row.quality_status, row.quality_signal]).toEqual(['alert', 'became_constant']);
  });

  it('a column constant in both windows did not become constant', async () => {
    await platform(300, `'same'`, 'VARCHAR');
    const row = await run();
    expect(row.became_constant).toBe(false);
    expect(row.quality_status).toBe('ok');
  });
});

describe('the type-change rule', () => {
  it('a column whose DuckDB type differs from the previous run’s is an alert that decides the status', async () => {
    await platform(300, '(j * 7) % 300', 'INTEGER');
    const first = await run();
    expect([first.column_type, first.reference_column_type, first.quality_status]).toEqual([
      'INTEGER',
      'INTEGER',
      'ok',
    ]);
    await execute(scratch.db, 'ALTER TABLE t ALTER x SET DATA TYPE BIGINT');
    const second = await run();
    expect([second.column_type, second.reference_column_type]).toEqual(['BIGINT', 'INTEGER']);
    expect([second.quality_status, second.quality_signal]).toEqual(['alert', 'type_change']);
    expect([second.drift_status, second.status, second.status_source]).toEqual(['ok', 'alert', 'quality']);
    // The next run compares with the type this one recorded.
    const third = await run();
    expect([third.reference_column_type, third.quality_status]).toEqual(['BIGINT', 'ok']);
  });
});

describe('the range and quantile rules on small windows', () => {
  it('60 values drawn like a reference of 1,680 are beyond chance no more often than qualityPValue says', async () => {
    // 400 pairs of windows cut from one stream of near-normal draws (the sum of 12 uniforms): an hour of a
    // low-traffic model against its phase of 28 days. The bounds are the reference's own extremes, so a
    // binomial p-value (bounds taken as known) called 2 of 60 outside the quantiles "p = 3e-5" and flagged
    // 7 of these 400 pairs; the exchangeable count's p-value is exact, so about 0.1% of them per rule.
    let flagged = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const draws = generateSample({
        seed,
        n: 1740,
        terms: 12,
        scale: 1,
        shift: -6,
        levels: 0,
        missingEvery: 0,
      });
      const { quality } = await compare(draws.slice(0, 1680), draws.slice(1680));
      if (Math.min(quality.outOfRange?.pvalue ?? 1, quality.outOfQuantiles?.pvalue ?? 1) < 0.001) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(2);
  });
});

describe('compare() on arrays', () => {
  it('gives the quality figures without types, and its status is the worse of drift and quality', async () => {
    const reference = Array.from({ length: 300 }, (_, i) => ((i * 7) % 300) / 300);
    const current = reference.map((v, i) => (i < 60 ? null : v));
    const result = await compare(reference, current);
    expect(result.quality.missingRate).toMatchObject({ reference: 0, current: 0.2 });
    expect(result.quality.types).toBeNull();
    expect(result.quality.signal).toBe('missing_rate');
    expect(result.status).toBe('alert');
  });
});
