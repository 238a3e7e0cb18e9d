import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../store/storeError.js';

/**
 * The file a database path names, symlinks followed, once it is known that a run may write there: a run
 * writes its results into the file, DuckDB its write-ahead log beside it and the wasm engine a copy it
 * renames over it. So a read-only file or folder is refused before anything is computed, by both engines.
 */
export function writableFile(path: string): string {
  const file = realFile(path);
  if (!writable(file)) throw new StoreError(`database file is read-only: ${path} (a run writes its results)`);
  const folder = dirname(file);
  if (!writable(folder)) {
    throw new StoreError(`the database's folder is read-only: ${folder} (a run writes its results)`);
  }
  return file;
}

function writable(path: string): boolean {
  // Root passes access(): a mode without any write bit still says the file is to be left alone.
  if ((statSync(path).mode & 0o222) === 0) return false;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The file a database path names, symlinks followed; a StoreError when there is none. */
export function realFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new StoreError(`database file not found: ${path}`);
  }
}
