import { existsSync } from 'node:fs';
import { StoreError } from '../store/storeError.js';
import type { Engine, EngineSettings } from './engine.js';

/**
 * Opens a DuckDB file for reading and writing with the engine the settings name. A file that is missing,
 * locked by another process or not a DuckDB file is a StoreError saying so.
 */
export async function openEngine(path: string, settings: EngineSettings): Promise<Engine> {
  if (path !== ':memory:' && !existsSync(path)) throw new StoreError(`database file not found: ${path}`);
  try {
    // Loaded on demand: a process that uses one engine never loads the other.
    if (settings.engine === 'wasm') return await (await import('./openWasmEngine.js')).openWasmEngine(path);
    return await (await import('./nodeEngine.js')).openNodeEngine(path, settings);
  } catch (error) {
    throw new StoreError(describeOpenFailure(path, error));
  }
}

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
  if (/lock/i.test(message)) {
    return `database is locked by another process: ${database} (DuckDB allows one writer per file)`;
  }
  if (/not a valid DuckDB database file|Invalid Input Error|file is not a/i.test(message)) {
    return `not a DuckDB database file: ${database}`;
  }
  return `cannot open database ${database}: ${message.split('\n')[0]}`;
}
