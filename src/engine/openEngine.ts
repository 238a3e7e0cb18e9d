import { DatabaseLockedError, StoreError } from '../store/storeError.js';
import { errorMessage } from '../util/errorMessage.js';
import { MissingPeerError } from '../util/optionalPeers.js';
import type { Engine, EngineSettings } from './engine.js';
import { openWhenUnlocked } from './openWhenUnlocked.js';
import { realFile, writableFile } from './writableFile.js';

/**
 * Opens a DuckDB file for reading and writing (or only reading, see EngineSettings) with the engine the
 * settings name; through a symlink, the file it names. A file that is missing, read-only (for a run that
 * writes), locked by another process (a DatabaseLockedError) or not a DuckDB file is a StoreError saying so.
 */
export async function openEngine(path: string, settings: EngineSettings): Promise<Engine> {
  if (settings.readOnly && settings.engine === 'wasm') {
    throw new StoreError('a read-only open needs the native engine (duckdb-wasm reads the file in whole)');
  }
  const file = path === ':memory:' ? path : settings.readOnly ? realFile(path) : writableFile(path);
  try {
    // Loaded on demand: a process that uses one engine never loads the other.
    if (settings.engine === 'wasm') return await (await import('./openWasmEngine.js')).openWasmEngine(file);
    return await (await import('./nodeEngine.js')).openNodeEngine(file, settings);
  } catch (error) {
    // Nothing wrong with the file: the wasm engine is not installed, and the error says what to install.
    if (error instanceof MissingPeerError) throw error;
    // Already says what is wrong with the file, and what to do (the wasm engine's size limit).
    if (error instanceof StoreError) throw error;
    const message = describeOpenFailure(path, error);
    throw isLockConflict(error) ? new DatabaseLockedError(message) : new StoreError(message);
  }
}

/** Whether an open failed because another process holds the file. */
// Not /lock/: DuckDB's "checksum ... in block at location" of a corrupt file is no lock.
export const isLockConflict = (error: unknown) => /Conflicting lock/i.test(errorMessage(error));

/**
 * Runs `use` on an engine: the caller's own, left open, or one opened on the path and closed after, so that
 * this process holds nothing of the file once it returns. The open waits up to `lock.waitMs` while another
 * process holds the file (see openWhenUnlocked).
 */
export async function withEngine<T>(
  database: string | Engine,
  settings: EngineSettings,
  use: (engine: Engine) => Promise<T>,
  lock: { waitMs: number; onWait?: (() => void) | undefined } = { waitMs: 0 },
): Promise<T> {
  if (typeof database !== 'string') return use(database);
  const engine = await openWhenUnlocked(() => openEngine(database, settings), lock.waitMs, lock.onWait);
  let result: T;
  try {
    result = await use(engine);
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
  await engine.close();
  return result;
}

function describeOpenFailure(database: string, error: unknown): string {
  const message = errorMessage(error);
  if (isLockConflict(error)) {
    return `database is locked by another process: ${database} (DuckDB allows one writer per file)`;
  }
  if (/not a valid DuckDB database file|Invalid Input Error|file is not a/i.test(message)) {
    return `not a DuckDB database file: ${database}`;
  }
  return `cannot open database ${database}: ${message.split('\n')[0]}`;
}
