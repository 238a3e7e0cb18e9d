import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHost } from './support/builtHost.js';
import { execute, literal, METADATA_DDL, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/** Runs the store in a host process of its own, and gives each model's status and error. */
function runStore() {
  const child = runHost(
    scratch.folder.path('host.mjs'),
    `const summary = await serviceC.startServiceC({ database: process.argv[2] }).done;
     console.log(JSON.stringify(Object.fromEntries(summary.models.map((m) => [m.model, [m.status, m.error]]))));`,
    [scratch.db],
  );
  expect(child.signal, 'the run did not end').toBeNull();
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout);
}

const rows = `SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, (hash(i) % 1000)::DOUBLE AS x
  FROM range(2000) t(i)`;
const model = (name: string, source: string) =>
  `INSERT INTO model_metadata VALUES (${literal(name)}, 'production', ['x'], ${literal(source)}, 'event_time')`;

describe('Parquet sources under the data root', () => {
  it('refuse a hive folder named after a column of the Parquet reader (file_row_number=3/), in one line', async () => {
    for (const folder of ['hive/file_row_number=3', 'hive/FILE_INDEX=1', 'plain/p=1']) {
      mkdirSync(scratch.folder.path(folder), { recursive: true });
    }
    await execute(
      scratch.db,
      METADATA_DDL,
      `COPY (${rows}) TO ${literal(scratch.folder.path('hive/file_row_number=3/a.parquet'))} (FORMAT parquet)`,
      `COPY (${rows}) TO ${literal(scratch.folder.path('hive/FILE_INDEX=1/b.parquet'))} (FORMAT parquet)`,
      `COPY (${rows}) TO ${literal(scratch.folder.path('plain/p=1/c.parquet'))} (FORMAT parquet)`,
      model('row_number', 'parquet:hive/file_row_number=3/*.parquet'),
      model('index', 'parquet:hive/FILE_INDEX=1'),
      model('fine', 'parquet:plain'),
    );
    const models = runStore();
    expect(models.row_number).toEqual([
      'error',
      '"parquet:hive/file_row_number=3/*.parquet": the folder "file_row_number=3" would be read as a hive partition column hiding the Parquet reader\'s own: rename it',
    ]);
    expect(models.index?.[1]).toContain('the folder "FILE_INDEX=1" would be read as a hive partition column');
    expect(models.fine?.[1]).toBeNull();
  }, 200_000);

  it('read only regular files: a FIFO named *.parquet is a model error, not a run blocked in open()', async () => {
    mkdirSync(scratch.folder.path('data'));
    await execute(
      scratch.db,
      METADATA_DDL,
      `COPY (${rows}) TO ${literal(scratch.folder.path('data/a.parquet'))} (FORMAT parquet)`,
      model('fifo', 'parquet:data/b.parquet'),
      model('glob', 'parquet:data/*.parquet'),
    );
    expect(spawnSync('mkfifo', [scratch.folder.path('data/b.parquet')]).status).toBe(0);
    const models = runStore();
    expect(models.fifo).toEqual(['error', 'Parquet path "data/b.parquet" is not a regular file']);
    // A glob lists regular files only.
    expect(models.glob?.[1]).toBeNull();
  }, 200_000);
});
