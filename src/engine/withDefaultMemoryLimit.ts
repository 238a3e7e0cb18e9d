import type { Engine } from './engine.js';

/**
 * Runs `work` (a COMMIT, a CHECKPOINT) under DuckDB's default memory limit (80% of RAM), then puts the
 * engine's own limit back. Why: a checkpoint rewrites the last row group of each table it touches and
 * holds every BLOB of a 2,048-row vector of it in memory at once, so what it needs grows with the profiles
 * already stored, not with what this write adds; and a checkpoint that fails for memory is FATAL: DuckDB
 * invalidates the database. Measured (docs/store-hardening.md): at 64MB, 1.9 MB BLOBs committed 15.6 MB at
 * a time failed the fourth checkpoint; raised to 80/96/128MB it failed at 61/76/107 MB stored; at 1GB
 * 470 MB stored and checkpointed model by model held. Reads keep the low limit: a read that runs out of
 * memory fails its statement only.
 */
export async function withDefaultMemoryLimit<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  const limit = async () => String((await engine.rows("SELECT current_setting('memory_limit')"))[0]?.[0]);
  const set = (value: string) => engine.run(`SET memory_limit = '${value.replaceAll("'", "''")}'`);
  const own = await limit();
  // RESET alone changes the setting's value but not the buffer pool's limit (DuckDB 1.5.6): SET it.
  await engine.run('RESET memory_limit');
  await set(await limit());
  try {
    return await work();
  } finally {
    await set(own);
  }
}
