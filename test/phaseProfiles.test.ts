import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/engine.js';
import type { RunOptionsInput } from '../src/run/options.js';
import type { ModelOutcome, RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { phaseOf } from '../src/signal/cycle.js';
import { baselineColumns } from '../src/store/baselineColumns.js';
import { packSample, unpackSample } from '../src/store/packSample.js';
import { packedPart, STORED_SAMPLE_BYTES, storedSample } from '../src/store/storedSample.js';
import { openTestEngine } from './support/engines.js';
import {
  execute,
  literal,
  query,
  scratchDatabasePerTest,
  scratchFolder,
} from './support/platformDatabase.js';
import { hourly, seasonalStore, storeEnd } from './support/seasonalStore.js';

const scratch = scratchDatabasePerTest();
const DAYS = 29;
// Tuesday of the fifth week, 14:00–15:00 UTC: the newest closed hour.
const NOW = new Date(storeEnd(DAYS - 1).getTime() + 15 * 3_600_000);
/** The current hour's phase of a weekly column: its sample is under 4,096 bytes packed, and padded. */
const WEEK_PHASE = phaseOf(Math.floor(NOW.getTime() / 3_600_000) - 1, 'week');
/** Five features, the prediction, and the performance's prediction and label. */
const PROFILES = 5 + 1 + 2;

const only = (summary: RunSummary) => summary.models[0] as ModelOutcome;
const findings = ({ status, score, features, prediction, performance }: ModelOutcome) => ({
  status,
  score,
  features,
  prediction,
  performance,
});
// On the test’s database unless the caller names one: a hook runs outside any test.
const run = (input: Partial<RunOptionsInput> = {}) =>
  startServiceC({ windows: hourly, now: () => NOW, ...input, database: input.database ?? scratch.db }).done;

/** An engine that counts the bytes of stored samples it hands out, and the queries that read them. */
async function countingEngine(): Promise<{ engine: Engine; bytes: () => number; queries: () => number }> {
  const engine = await openTestEngine(scratch.db, 'node');
  let bytes = 0;
  let queries = 0;
  const counting: Engine = Object.create(engine);
  counting.blobs = async (sql, params) => {
    const blobs = await engine.blobs(sql, params);
    queries++;
    for (const blob of blobs) bytes += blob.length;
    return blobs;
  };
  return { engine: counting, bytes: () => bytes, queries: () => queries };
}

describe('stored per-phase profiles', () => {
  it('give results bit for bit equal to a rescan, reading only the current hour’s phase of each column', async () => {
    await seasonalStore(scratch.db, { days: DAYS, rowsPerHour: 40, events: true });
    const first = only(await run());
    const stored = await query(
      scratch.db,
      `SELECT target, column_name, cycle, count(*)::INTEGER AS phase_rows, sum(octet_length(sample_values))::DOUBLE AS bytes
       FROM drift_baselines WHERE phase IS NOT NULL GROUP BY ALL ORDER BY target, column_name`,
    );
    expect(stored.map((row) => [row.column_name, row.cycle, row.phase_rows])).toEqual([
      ['channel', 'day', 24],
      ['daily', 'day', 24],
      ['flat', 'none', 1],
      ['other', 'none', 1],
      ['weekly', 'week', 168],
      ['label', 'none', 1],
      ['prediction', 'none', 1],
      ['prediction', 'none', 1],
    ]);
    // Format 5: a numeric phase's sample is stored in 4,096 bytes at least (padded when smaller: DuckDB then
    // reads only the rows it hands out), and a model's phase rows by cycle and phase after its summaries, so
    // that the rows an hour reads are neighbours.
    const [layout] = await query(
      scratch.db,
      `SELECT min(octet_length(sample_values)) FILTER (kind = 'numeric' AND phase IS NOT NULL)::INTEGER AS least,
              count(*) FILTER (kind = 'numeric' AND phase IS NOT NULL AND packed_bytes < ${STORED_SAMPLE_BYTES})::INTEGER AS padded,
              list(rowid ORDER BY rowid) = list(rowid ORDER BY phase IS NOT NULL, CASE WHEN phase IS NOT NULL THEN cycle END,
                phase, rowid) AS ordered
       FROM drift_baselines`,
    );
    expect(layout).toMatchObject({ least: STORED_SAMPLE_BYTES, ordered: true });
    expect(layout?.padded).toBeGreaterThan(100);
    const { engine, bytes, queries } = await countingEngine();
    let second: ModelOutcome;
    try {
      second = only(await run({ database: engine }));
    } finally {
      await engine.close();
    }
    await execute(scratch.db, 'DELETE FROM drift_baselines');
    const rescan = only(await run());
    expect(first.baseline).toMatchObject({ profilesRead: 0, profilesStored: PROFILES });
    expect(second.baseline).toMatchObject({ profilesRead: PROFILES, profilesStored: 0, warnings: [] });
    expect(findings(second)).toEqual(findings(rescan));
    expect(findings(first)).toEqual(findings(rescan));
    // daily: one of 24 phases; weekly: one of 168; flat and other: their one phase (no cycle); the
    // performance's two columns whole (not seasonal). The samples are read packed.
    const hour = Math.floor(NOW.getTime() / 3_600_000) - 1;
    const [{ needed, daily }] = (await query(
      scratch.db,
      `SELECT sum(octet_length(sample_values)) FILTER (
                cycle = 'none' OR (cycle = 'day' AND phase = ${phaseOf(hour, 'day')})
                OR (cycle = 'week' AND phase = ${phaseOf(hour, 'week')}))::DOUBLE AS needed,
              sum(kept_rows) FILTER (column_name = 'daily' AND phase IS NOT NULL)::DOUBLE AS daily
       FROM drift_baselines WHERE kind = 'numeric' AND phase IS NOT NULL`,
    )) as [{ needed: number; daily: number }];
    expect(daily).toBe(28 * 24 * 40);
    expect(bytes()).toBe(needed);
    // In one query, the prediction's and the performance's with the features' (DuckDB reads every packed
    // sample of a vector to hand out any of them: a query per phase or per target read it again each time).
    expect(queries()).toBe(1);
  });
});

/**
 * The stored samples of the rows `where` selects, unpacked, changed and packed again: a tamper of the values
 * themselves, which a change to the packed bytes would not be.
 */
async function rewriteSamples(
  path: string,
  where: string,
  change: (values: Float64Array) => Float64Array,
): Promise<void> {
  const engine = await openTestEngine(path, 'node');
  try {
    const rows = await engine.rows(
      `SELECT rowid::DOUBLE, sample_encoding, kept_rows::DOUBLE, packed_bytes::DOUBLE FROM drift_baselines
       WHERE ${where}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const [rowid, encoding, keptRows, packedBytes] of rows as [number, string, number, number][]) {
      const sql = 'SELECT sample_values FROM drift_baselines WHERE rowid = ?::BIGINT';
      const [bytes] = (await engine.blobs(sql, [rowid])) as [Uint8Array];
      const values = await unpackSample(encoding, packedPart(bytes, packedBytes), keptRows);
      const packed = await packSample(change(values));
      await engine.run(
        `UPDATE drift_baselines SET sample_values = ?::BLOB, sample_encoding = ?, packed_bytes = ?::BIGINT
         WHERE rowid = ?::BIGINT`,
        [storedSample(packed.bytes), packed.encoding, packed.bytes.length, rowid],
      );
    }
  } finally {
    await engine.close();
  }
}

/** One way a stored profile is tampered with (SQL, or its values rewritten), and the word its warning has. */
const tampers: [string, string | ((path: string) => Promise<void>), string][] = [
  [
    'a value dropped',
    (path) => rewriteSamples(path, `column_name = 'daily' AND phase = 14`, (v) => v.slice(0, -1)),
    'holds 8952 bytes, not 8 × its 1120 kept rows',
  ],
  [
    'the first value set to Infinity',
    (path) =>
      rewriteSamples(path, `column_name = 'daily' AND phase = 14`, (v) =>
        Float64Array.of(Number.POSITIVE_INFINITY, ...v.subarray(1)),
      ),
    'is not sorted ascending with NaN last',
  ],
  [
    'the packed sample cut short (and padded again)',
    `UPDATE drift_baselines SET packed_bytes = packed_bytes // 2,
       sample_values = sample_values[1:packed_bytes // 2] || from_hex(repeat('00', ${STORED_SAMPLE_BYTES} - packed_bytes // 2))
     WHERE column_name = 'weekly' AND phase = ${WEEK_PHASE}`,
    'cannot be unpacked (Error: unexpected end of file)',
  ],
  [
    'the stored sample cut short',
    `UPDATE drift_baselines SET sample_values = sample_values[1:octet_length(sample_values) // 2]
     WHERE column_name = 'weekly' AND phase = ${WEEK_PHASE}`,
    `is stored in ${STORED_SAMPLE_BYTES / 2} bytes, not ${STORED_SAMPLE_BYTES}`,
  ],
  [
    'a byte of the padding set',
    `UPDATE drift_baselines SET sample_values = sample_values[1:${STORED_SAMPLE_BYTES - 1}] || '\\x01'::BLOB
     WHERE column_name = 'weekly' AND phase = ${WEEK_PHASE}`,
    `has padding other than zeros (byte ${STORED_SAMPLE_BYTES - 1})`,
  ],
  [
    'its packed size one less',
    `UPDATE drift_baselines SET packed_bytes = packed_bytes - 1 WHERE column_name = 'weekly' AND phase = ${WEEK_PHASE}`,
    'has padding other than zeros',
  ],
  [
    'an unknown encoding',
    `UPDATE drift_baselines SET sample_encoding = 'zstd' WHERE column_name = 'daily' AND phase = 14`,
    'has an unknown encoding "zstd"',
  ],
  [
    'a sorted sample read as one in row order',
    `UPDATE drift_baselines SET sample_encoding = 'deflate-raw' WHERE column_name = 'daily' AND phase = 14`,
    'is not sorted ascending with NaN last',
  ],
  [
    'two columns’ samples swapped',
    `UPDATE drift_baselines AS d SET sample_values = o.sample_values, sample_encoding = o.sample_encoding,
       packed_bytes = o.packed_bytes
     FROM drift_baselines AS o
     WHERE d.target = 'feature' AND o.target = 'feature' AND d.phase = 0 AND o.phase = 0
       AND ((d.column_name = 'flat' AND o.column_name = 'other') OR (d.column_name = 'other' AND o.column_name = 'flat'))`,
    'does not match its checksum',
  ],
  [
    'all NaN',
    (path) => rewriteSamples(path, `column_name = 'flat' AND phase = 0`, (v) => v.map(() => Number.NaN)),
    'does not match its checksum',
  ],
  [
    'a negative count',
    `UPDATE drift_baselines SET label_counts = map_from_entries([('ios', -5000.0), ('web', 6120.0)])
     WHERE column_name = 'channel' AND phase = 14`,
    'has a count that is not a whole number >= 0',
  ],
  [
    'a count of 1e300',
    `UPDATE drift_baselines SET label_counts = map_from_entries([('ios', 1e300)])
     WHERE column_name = 'channel' AND phase = 14`,
    'has a count that is not a whole number >= 0',
  ],
  [
    'the performance labels shifted by one',
    (path) =>
      rewriteSamples(path, `target = 'performance' AND column_name = 'label' AND phase = 0`, (v) =>
        Float64Array.of(...v.subarray(-1), ...v.subarray(0, -1)),
      ),
    'does not match its checksum',
  ],
  [
    'the performance labels set to 2.0',
    (path) =>
      rewriteSamples(path, `target = 'performance' AND column_name = 'label' AND phase = 0`, (v) =>
        v.map(() => 2),
      ),
    'does not match its checksum',
  ],
  [
    // 17.20: an empty or wrongly-kinded profile said "the reference window is empty" or "list is not
    // iterable". A NULL sample can no longer be stored (format 3: see the older drift_baselines below).
    'an empty sample',
    (path) => rewriteSamples(path, `column_name = 'daily' AND phase = 14`, () => new Float64Array(0)),
    'holds 0 bytes, not 8 × its 1120 kept rows',
  ],
  [
    'empty BLOB',
    `UPDATE drift_baselines SET sample_values = ''::BLOB WHERE column_name = 'weekly' AND phase = ${WEEK_PHASE}`,
    `is stored in 0 bytes, not ${STORED_SAMPLE_BYTES}`,
  ],
  [
    'a numeric column stored as categorical',
    `UPDATE drift_baselines SET kind = 'categorical' WHERE column_name = 'daily'`,
    'does not match its checksum',
  ],
  [
    'a summary’s kept rows changed',
    `UPDATE drift_baselines SET kept_rows = kept_rows - 1 WHERE column_name = 'weekly' AND phase IS NULL`,
    'does not match its checksum',
  ],
];

describe('a tampered stored profile', () => {
  // One store and its first run (which stores every profile) serve every tamper: each works on a copy.
  const folder = scratchFolder();
  const pristine = folder.path('stored.duckdb');
  let rescan: ModelOutcome;
  beforeAll(async () => {
    await seasonalStore(pristine, { days: DAYS, rowsPerHour: 40, events: true });
    rescan = only(await run({ database: pristine }));
    // Everything in the file itself, none in a write-ahead log, before it is copied.
    await execute(pristine, 'CHECKPOINT');
  });
  afterAll(() => folder.cleanup());

  it.each(tampers)('(%s) is rebuilt from the rows with a warning, never used', async (_, tamper, why) => {
    copyFileSync(pristine, scratch.db);
    await (typeof tamper === 'string' ? execute(scratch.db, tamper) : tamper(scratch.db));
    const summary = await run();
    const tampered = only(summary);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(
      new RegExp(`^model_s: the stored profile of "[a-z]+"( phase \\d+)? ${why.replace(/[()]/g, '\\$&')}`),
    );
    expect(summary.warnings[0]).toMatch(/: rebuilt from the rows$/);
    expect(tampered.baseline?.profilesRead).toBeLessThan(PROFILES);
    expect(tampered.baseline?.profilesStored).toBeGreaterThan(0);
    expect(findings(tampered)).toEqual(findings(rescan));
    // Rebuilt and stored again: the next run reads them all, without a word.
    const after = await run();
    expect(after.warnings).toEqual([]);
    expect(only(after).baseline).toMatchObject({ profilesRead: PROFILES, profilesStored: 0 });
  });
});

/** Format 3's columns: format 5's without sample_encoding and packed_bytes, its samples the doubles' bytes. */
const formatThree = baselineColumns
  .filter(([name]) => name !== 'sample_encoding' && name !== 'packed_bytes')
  .map(([name, type]) => `${name} ${type}`);

/**
 * The next run drops the older table's rows (run_id 'old') without a warning and stores the profiles anew;
 * the run after reads them.
 */
async function expectRebuiltWithoutAWord() {
  const rebuilt = await run();
  expect(rebuilt.warnings).toEqual([]);
  expect(only(rebuilt).baseline).toMatchObject({ profilesRead: 0, profilesStored: 5 });
  expect(
    await query(scratch.db, `SELECT count(*)::INTEGER AS n FROM drift_baselines WHERE run_id = 'old'`),
  ).toEqual([{ n: 0 }]);
  expect(only(await run()).baseline).toMatchObject({ profilesRead: 5 });
}

describe('an older drift_baselines of ours', () => {
  it('is rebuilt in the new layout; a foreign one is refused', async () => {
    await seasonalStore(scratch.db, { days: DAYS, rowsPerHour: 40 });
    await execute(
      scratch.db,
      `CREATE TABLE drift_baselines (model_name VARCHAR NOT NULL, target VARCHAR NOT NULL, column_name VARCHAR NOT NULL,
         definition VARCHAR NOT NULL, row_fingerprint VARCHAR NOT NULL, kind VARCHAR NOT NULL, sample_values BLOB,
         label_counts MAP(VARCHAR, DOUBLE), missing DOUBLE, kept_rows BIGINT NOT NULL, first_time TIMESTAMP,
         last_time TIMESTAMP, run_id VARCHAR NOT NULL, stored_at TIMESTAMP NOT NULL)`,
      `INSERT INTO drift_baselines VALUES ('model_s', 'feature', 'daily', '{}', 'x', 'numeric', NULL, NULL, NULL, 3,
         NULL, NULL, 'old', now()::TIMESTAMP)`,
    );
    const first = only(await run());
    expect(first.baseline).toMatchObject({ profilesRead: 0, profilesStored: 5 });
    const rows = await query(
      scratch.db,
      `SELECT count(*)::INTEGER AS n FROM drift_baselines WHERE run_id = ${literal('old')}`,
    );
    expect(rows).toEqual([{ n: 0 }]);
    expect(only(await run()).baseline).toMatchObject({ profilesRead: 5 });
  });

  it('of format 2, whose samples could be NULL, is rebuilt with samples NOT NULL', async () => {
    await seasonalStore(scratch.db, { days: DAYS, rowsPerHour: 40 });
    // Format 2 is format 3 with a nullable sample_values: one NULL made every phase's read pull the samples
    // of its whole 2,048-row vector (storedProfileMemory.test.ts).
    const formatTwo = formatThree.map((column) =>
      column.replace('sample_values BLOB NOT NULL', 'sample_values BLOB'),
    );
    await execute(scratch.db, `CREATE TABLE drift_baselines (${formatTwo.join(', ')})`);
    await execute(
      scratch.db,
      `INSERT INTO drift_baselines (model_name, target, column_name, cycle, definition, row_fingerprint, kind,
         kept_rows, checksum, run_id, stored_at)
       VALUES ('model_s', 'feature', 'daily', 'none', '{}', 'x', 'numeric', 3, 'x', 'old', now()::TIMESTAMP)`,
    );
    expect(only(await run()).baseline).toMatchObject({ profilesRead: 0, profilesStored: 5 });
    expect(
      await query(scratch.db, `SELECT count(*)::INTEGER AS n FROM drift_baselines WHERE run_id = 'old'`),
    ).toEqual([{ n: 0 }]);
    await expect(
      execute(scratch.db, `UPDATE drift_baselines SET sample_values = NULL WHERE column_name = 'daily'`),
    ).rejects.toThrow(/NOT NULL constraint failed/);
    expect(only(await run()).baseline).toMatchObject({ profilesRead: 5 });
  });

  it('of format 4, whose samples were not padded, is rebuilt with padded samples', async () => {
    await seasonalStore(scratch.db, { days: DAYS, rowsPerHour: 40 });
    expect(only(await run()).baseline).toMatchObject({ profilesStored: 5 });
    // The same profiles as format 4 stored them: each sample packed, unpadded, its size in sample_bytes.
    const formatFour = baselineColumns.map(([name, type]) =>
      name === 'packed_bytes' ? `sample_bytes ${type}` : `${name} ${type}`,
    );
    const names = baselineColumns
      .map(([name]) => (name === 'sample_values' ? 'sample_values[1:packed_bytes]' : name))
      .join(', ');
    await execute(
      scratch.db,
      `CREATE TABLE old_format (${formatFour.join(', ')})`,
      `INSERT INTO old_format SELECT ${names} FROM drift_baselines`,
      `UPDATE old_format SET run_id = 'old'`,
      'DROP TABLE drift_baselines',
      'ALTER TABLE old_format RENAME TO drift_baselines',
    );
    await expectRebuiltWithoutAWord();
  });

  it('of format 3, whose samples were not packed, is rebuilt with packed samples', async () => {
    await seasonalStore(scratch.db, { days: DAYS, rowsPerHour: 40 });
    expect(only(await run()).baseline).toMatchObject({ profilesStored: 5 });
    // The same profiles as format 3 stored them: each sample its doubles' bytes, no sample_encoding.
    const engine = await openTestEngine(scratch.db, 'node');
    try {
      const rows = (await engine.rows(
        `SELECT rowid::DOUBLE, sample_encoding, kept_rows::DOUBLE, packed_bytes::DOUBLE FROM drift_baselines
         WHERE kind = 'numeric' AND phase IS NOT NULL`,
      )) as [number, string, number, number][];
      const names = formatThree.map((column) => column.split(' ')[0]).join(', ');
      await engine.run(`CREATE TABLE old_format (${formatThree.join(', ')}, source BIGINT)`);
      await engine.run(
        `INSERT INTO old_format SELECT ${names.replace('sample_values', "''::BLOB")}, rowid FROM drift_baselines`,
      );
      for (const [rowid, encoding, keptRows, packedBytes] of rows) {
        const sql = 'SELECT sample_values FROM drift_baselines WHERE rowid = ?::BIGINT';
        const [bytes] = (await engine.blobs(sql, [rowid])) as [Uint8Array];
        const values = await unpackSample(encoding, packedPart(bytes, packedBytes), keptRows);
        await engine.run(`UPDATE old_format SET sample_values = ?::BLOB WHERE source = ?::BIGINT`, [
          new Uint8Array(values.buffer),
          rowid,
        ]);
      }
      await engine.run(`UPDATE old_format SET run_id = 'old'`);
      await engine.run('ALTER TABLE old_format DROP COLUMN source');
      await engine.run('DROP TABLE drift_baselines');
      await engine.run('ALTER TABLE old_format RENAME TO drift_baselines');
    } finally {
      await engine.close();
    }
    await expectRebuiltWithoutAWord();
  });
});
