import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { StoreError } from '../store/storeError.js';
import { loadPart } from '../util/optionalPeers.js';
import type { Engine } from './engine.js';
import { wasmEngine } from './wasmEngine.js';
import { sharedWasmHosts, type WasmHosts } from './wasmHosts.js';

/** The file's name inside duckdb-wasm; its write-ahead log is this plus `.wal`. */
const NAME = 'database.duckdb';

/** The most bytes Node reads into one buffer (`readFileSync` refuses more), and duckdb-wasm takes one. */
const MAX_FILE_BYTES = 2 ** 31 - 1;

interface OnDisk {
  stat: Stats;
  bytes: Uint8Array;
  wal: { stat: Stats; bytes: Uint8Array } | null;
}

/**
 * duckdb-wasm in Node, as a browser runs it: an AsyncDuckDB whose database works in a worker thread, so that
 * the caller's event loop goes on meanwhile; the instance comes from `hosts` (a start costs seconds, see
 * WasmHosts) and goes back to it once the engine closed cleanly. The file (and a write-ahead log a native
 * process left next to it) is read into duckdb-wasm's memory, as a browser does with `registerFileBuffer`;
 * on close the engine checkpoints and, when the database changed, writes it back in one rename and removes
 * that log.
 *
 * Why not let duckdb-wasm open the path: with its Node file runtime (1.32.0, DuckDB 1.4.3) checkpoints never
 * reach the file's headers and an existing write-ahead log is not replayed, so a second session loses the
 * first one's writes. Reading the file into memory avoids both. The price: the whole file in memory, and no
 * lock — another process writing the file meanwhile is not seen; if the file changed on disk when the
 * engine closes, it keeps it and fails with a StoreError instead of overwriting it.
 */
export async function openWasmEngine(path: string, hosts: WasmHosts = sharedWasmHosts): Promise<Engine> {
  const loaded = read(path);
  const wasm = await loadPart('the wasm engine', () => import('@duckdb/duckdb-wasm'));
  const host = await hosts.take();
  const { db } = host;
  let engine: Engine;
  try {
    // Copies: the buffers are transferred to the worker, and the file's bytes are compared on close.
    await db.registerFileBuffer(NAME, new Uint8Array(loaded.bytes));
    await db.registerFileBuffer(
      `${NAME}.wal`,
      loaded.wal === null ? new Uint8Array(0) : new Uint8Array(loaded.wal.bytes),
    );
    await db.open({ path: NAME, accessMode: wasm.DuckDBAccessMode.READ_WRITE });
    engine = await wasmEngine(db);
    // No memory limit of the settings: duckdb-wasm has no temporary directory to spill to, so a query that
    // needs more than the limit fails (64MB did not hold the demo's largest window); it keeps its default,
    // 80% of its 4 GB. Nor threads: it has one.
    await engine.run('SET preserve_insertion_order = false');
  } catch (error) {
    await db.terminate();
    throw error;
  }
  return {
    ...engine,
    close: async () => {
      let bytes: Uint8Array;
      try {
        await engine.run('CHECKPOINT');
        bytes = await db.copyFileToBuffer(NAME);
        await engine.close();
      } catch (error) {
        await db.terminate();
        throw error;
      }
      await hosts.give(host);
      if (loaded.wal !== null || !sameBytes(bytes, loaded.bytes)) writeBack(path, loaded, bytes);
    },
  };
}

function read(path: string): OnDisk {
  const stat = statSync(path);
  if (stat.size > MAX_FILE_BYTES) {
    throw new StoreError(
      `database ${path} is ${stat.size} bytes: the wasm engine holds the whole file in memory and reads at most 2 GiB (${MAX_FILE_BYTES} bytes); run it with --engine node`,
    );
  }
  const wal = `${path}.wal`;
  return {
    stat,
    bytes: readFileSync(path),
    wal: existsSync(wal) ? { stat: statSync(wal), bytes: readFileSync(wal) } : null,
  };
}

/** Replaces the file in one rename, unless it changed on disk since it was read. */
function writeBack(path: string, loaded: OnDisk, bytes: Uint8Array): void {
  const wal = `${path}.wal`;
  const unchanged = (before: Stats, file: string) => {
    const now = statSync(file, { throwIfNoEntry: false });
    return (
      now !== undefined &&
      now.ino === before.ino &&
      now.size === before.size &&
      now.mtimeMs === before.mtimeMs
    );
  };
  if (
    !unchanged(loaded.stat, path) ||
    (loaded.wal === null ? existsSync(wal) : !unchanged(loaded.wal.stat, wal))
  ) {
    throw new StoreError(
      `database ${path} changed on disk while duckdb-wasm held it in memory: its writes were not saved`,
    );
  }
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, bytes, { mode: loaded.stat.mode & 0o777 });
  renameSync(temporary, path);
  // Its changes are in the file now; replayed once more, they would be applied twice.
  if (loaded.wal !== null) rmSync(wal, { force: true });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
