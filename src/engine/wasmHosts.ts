import { createRequire } from 'node:module';
import { loadPart } from '../util/optionalPeers.js';
import { nodeWebWorker } from './nodeWebWorker.js';
import type { WasmDuckDB } from './wasmDuckDB.js';

/**
 * What a wasm engine uses of a started duckdb-wasm (its AsyncDuckDB): declared here, so that the package's
 * types need no duckdb-wasm (an optional peer dependency) where its users' TypeScript checks libraries too.
 */
export interface HostedDuckDB extends WasmDuckDB {
  registerFileBuffer(name: string, buffer: Uint8Array): Promise<unknown>;
  open(config: { path: string; accessMode: number }): Promise<unknown>;
  copyFileToBuffer(name: string): Promise<Uint8Array>;
  reset(): Promise<unknown>;
  dropFiles(names?: string[]): Promise<unknown>;
  terminate(): Promise<unknown>;
}

/** A started duckdb-wasm: its database, in a worker thread. */
export interface WasmHost {
  db: HostedDuckDB;
  keepAlive(alive: boolean): void;
}

interface Idle {
  host: WasmHost;
  timer: NodeJS.Timeout;
}

/**
 * duckdb-wasm instances that closed engines gave back, for the next open to take instead of starting one:
 * a start costs seconds of CPU (duckdb-wasm's glue links its some 75,000 exports one by one in JavaScript),
 * a reuse only a reset of its database and files. At most `maxIdle` wait, each for `idleMs`, and an idle one
 * does not keep the process alive. An engine holds its host alone: two engines never share one.
 */
export class WasmHosts {
  readonly #idle: Idle[] = [];

  constructor(
    private readonly idleMs = 30_000,
    private readonly maxIdle = 2,
  ) {}

  /** An idle host, or a new one. */
  async take(): Promise<WasmHost> {
    const kept = this.#idle.pop();
    if (kept === undefined) return startHost();
    clearTimeout(kept.timer);
    kept.host.keepAlive(true);
    return kept.host;
  }

  /**
   * Takes back a host its engine is done with: reset, so that it holds neither the database nor the file's
   * bytes while it idles, or ended when not wanted.
   */
  async give(host: WasmHost): Promise<void> {
    try {
      await host.db.reset();
      await host.db.dropFiles();
    } catch {
      await host.db.terminate();
      return;
    }
    if (this.#idle.length >= this.maxIdle) {
      await host.db.terminate();
      return;
    }
    host.keepAlive(false);
    const idle: Idle = {
      host,
      timer: setTimeout(() => {
        this.#idle.splice(this.#idle.indexOf(idle), 1);
        void host.db.terminate();
      }, this.idleMs).unref(),
    };
    this.#idle.push(idle);
  }
}

/**
 * The hosts of every wasm engine a path opens in this process. Process-wide on purpose: the engines that
 * would reuse a host are opened by separate calls (each run, each serve refresh, each startServiceC of a
 * caller that passes only options), and only memory that outlives a call can hand a host from one to the next.
 */
export const sharedWasmHosts = new WasmHosts();

/** duckdb-wasm instantiated in a worker thread, as a browser runs it (about 1 s of a quiet core or more). */
async function startHost(): Promise<WasmHost> {
  const wasm = await loadPart('the wasm engine', () => import('@duckdb/duckdb-wasm'));
  const require = createRequire(import.meta.url);
  const bundle = await wasm.selectBundle({
    mvp: {
      mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'),
      mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'),
      mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs'),
    },
  });
  const thread = nodeWebWorker(bundle.mainWorker ?? '');
  const db = new wasm.AsyncDuckDB(new wasm.VoidLogger(), thread.worker);
  try {
    await db.instantiate(bundle.mainModule);
  } catch (error) {
    await db.terminate();
    throw error;
  }
  return { db, keepAlive: thread.keepAlive };
}
