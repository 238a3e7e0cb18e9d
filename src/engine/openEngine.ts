import { existsSync } from 'node:fs';
import { DatabaseLockedError, StoreError } from '../store/storeError.js';
import type { Engine, EngineSettings } from './engine.js';

/**
 * Opens a DuckDB file for reading and writing (or only reading, see EngineSettings) with the engine the
 * settings name. A file that is missing, locked by another process (a DatabaseLockedError) or not a DuckDB
 * file is a StoreError saying so.
 */
export async function openEngine(path: string, settings: EngineSettings): Promise<Engine> {
  if (path !== ':memory:' && !existsSync(path)) throw new StoreError(`database file not found: ${path}`);
  if (settings.readOnly && settings.engine === 'wasm') {
    throw new StoreError('a read-only open needs the native engine (duckdb-wasm reads the file in whole)');
  }
  try {
    // Loaded on demand: a process that uses one engine never loads the other.
    if (settings.engine === 'wasm') return await (await import('./openWasmEngine.js')).openWasmEngine(path);
    return await (await import('./nodeEngine.js')).openNodeEngine(path, settings);
  } catch (error) {
    const message = describeOpenFailure(path, error);
    throw isLockConflict(error) ? new DatabaseLockedError(message) : new StoreError(message);
  }
}

const isLockConflict = (error: unknown) =>
  /lock/i.test(error instanceof Error ? error.message : String(error));

/**
 * Runs `use` on an engine: the caller's own, left open, or one opened on the path and closed after, so that
 * this process holds nothing of the file once it returns.
 */
export async function withEngine<T>(
  database: string | Engine,
  settings: EngineSettings,
  use: (engine: Engine) => Promise<T>,
): Promise<T> {
  if (typeof database !== 'string') return use(database);
  const engine = await openEngine(database, settings);
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
  const message = error instanceof Error ? error.message : String(error);
  if (isLockConflict(error)) {
    return `database is locked by another process: ${database} (DuckDB allows one writer per file)`;
  }
  if (/not a valid DuckDB database file|Invalid Input Error|file is not a/i.test(message)) {
    return `not a DuckDB database file: ${database}`;
  }
  return `cannot open database ${database}: ${message.split('\n')[0]}`;
}
