import { isLockConflict } from '../engine/openEngine.js';
import { realFile } from '../engine/writableFile.js';
import { DatabaseLockedError, StoreError } from '../store/storeError.js';
import { firstLine } from '../util/firstLine.js';

/**
 * Holds `<database>.run-lock` (a small DuckDB file, made when missing) open for writing while a queue run
 * lasts. A queue run cannot hold the database itself (its workers read it between its writes), so that runs
 * on one database never overlap it holds this file instead: DuckDB's lock lets one process at a time have
 * it, and the OS lets go of it when the process ends, however it ends (kill -9 included).
 */
export async function holdRunLock(database: string): Promise<{ release(): Promise<void> }> {
  const lock = `${realFile(database)}.run-lock`;
  try {
    const { openNodeEngine } = await import('../engine/nodeEngine.js');
    const engine = await openNodeEngine(lock, { threads: 1, memoryLimit: '16MB' });
    return { release: () => engine.close() };
  } catch (error) {
    if (!isLockConflict(error)) throw new StoreError(`cannot make or open ${lock}: ${firstLine(error)}`);
    throw new DatabaseLockedError(
      `another run is running on ${database} (its process holds ${lock}): runs on one database never overlap`,
    );
  }
}
