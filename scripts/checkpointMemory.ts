// What DuckDB's checkpoints need in memory when a table of BLOBs grows, as a run's stored profiles do:
// `npx tsx scripts/checkpointMemory.ts FILE [limit 64MB] [KB per BLOB 1950] [mode] [raised limit 1GB]`.
// Each step commits 15.6 MB of BLOBs (eight 1.9 MB samples by default: a model's first run), then
//   auto      does nothing more (DuckDB checkpoints inside COMMIT past checkpoint_threshold: the old code);
//   explicit  runs CHECKPOINT at the limit;
//   threshold sets checkpoint_threshold to 1TB first, so that nothing is checkpointed;
//   raised    runs COMMIT and CHECKPOINT under the raised limit, the limit put back after (the chosen way).
// Prints how much was stored when a statement failed, or that 30 steps (468 MB) held.
import { rmSync } from 'node:fs';
import { BLOB, blobValue, DuckDBInstance } from '@duckdb/node-api';

const [file, limit = '64MB', blobKb = '1950', mode = 'auto', raised = '1GB'] = process.argv.slice(2);
if (file === undefined)
  throw new Error('usage: checkpointMemory.ts FILE [limit] [KB per BLOB] [mode] [raised]');
rmSync(file, { force: true });
rmSync(`${file}.wal`, { force: true });
const instance = await DuckDBInstance.create(file, {
  memory_limit: limit,
  threads: '1',
  preserve_insertion_order: 'false',
});
const connection = await instance.connect();
await connection.run('CREATE TABLE profiles (step INTEGER, part INTEGER, sample BLOB)');
if (mode === 'threshold') await connection.run("SET checkpoint_threshold = '1TB'");
const bytes = new Uint8Array(Number(blobKb) * 1024);
const perStep = Math.round((8 * 1950) / Number(blobKb));
const storedMb = (steps: number) => ((steps * perStep * bytes.length) / 2 ** 20).toFixed(0);
for (let step = 0; step < 30; step++) {
  try {
    await connection.run('BEGIN');
    for (let part = 0; part < perStep; part++) {
      // Different bytes in every BLOB: nothing for DuckDB to compress.
      for (let i = 0; i < bytes.length; i += 8) bytes[i] = (step * 31 + part * 7 + i) & 255;
      await connection.run('INSERT INTO profiles VALUES (?, ?, ?)', [step, part, blobValue(bytes)], {
        2: BLOB,
      });
    }
    if (mode === 'raised') await connection.run(`SET memory_limit = '${raised}'`);
    await connection.run('COMMIT');
    if (mode === 'explicit' || mode === 'raised') await connection.run('CHECKPOINT');
    if (mode === 'raised') await connection.run(`SET memory_limit = '${limit}'`);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.log(`${mode} at ${limit}: step ${step + 1} failed with ${storedMb(step)} MB stored: ${message}`);
    process.exit(0);
  }
}
console.log(`${mode} at ${limit}: 30 steps held (${storedMb(30)} MB stored)`);
connection.closeSync();
instance.closeSync();
