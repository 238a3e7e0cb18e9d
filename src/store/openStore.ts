import { existsSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { StoreError } from './storeError.js';

export interface Store {
  connection: DuckDBConnection;
  /** Closes what this store opened; a connection the caller passed in stays open. */
  close(): void;
}

export interface StoreLimits {
  /** DuckDB's worker threads. */
  threads: number;
  /** DuckDB's buffer pool, for example '256MB': without it DuckDB keeps up to 80% of RAM of scanned pages. */
  memoryLimit: string;
}

/** Opens a DuckDB file for reading and writing, or wraps a connection the caller owns. */
export async function openStore(database: string | DuckDBConnection, limits: StoreLimits): Promise<Store> {
  if (typeof database !== 'string') return { connection: database, close: () => {} };
  if (database !== ':memory:' && !existsSync(database)) {
    throw new StoreError(`database file not found: ${database}`);
  }
  let instance: DuckDBInstance;
  try {
    // One instance per file in this process: DuckDB does not guard two instances on one file. If the host
    // already opened this file with other settings, share its instance as it is.
    instance = await DuckDBInstance.fromCache(database, {
      threads: String(limits.threads),
      memory_limit: limits.memoryLimit,
      // No statistic depends on row order, and keeping it costs DuckDB memory.
      preserve_insertion_order: 'false',
    }).catch((error: unknown) =>
      /different configuration/.test(String(error))
        ? DuckDBInstance.fromCache(database)
        : Promise.reject(error),
    );
  } catch (error) {
    throw new StoreError(describeOpenFailure(database, error));
  }
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      // Drops this reference only: the file is released once nobody else in the process holds it.
      instance.closeSync();
    },
  };
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
