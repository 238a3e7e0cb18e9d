// duckdb-wasm (1.32.0) on the calling thread of Deno, Bun and workerd: its browser "blocking" build, with the
// quirks of those runtimes handled here and nowhere else. Each says which runtime needs it and how to tell
// that a newer duckdb-wasm no longer does.
import type { DuckDBBindings, DuckDBRuntime } from '@duckdb/duckdb-wasm/blocking';
import { compileWasm, type WasmSource } from '../util/compileWasm.js';

/** Modules duckdb-wasm would compile while it runs, compiled ahead, by their bytes in hex. */
export type PrecompiledModules = ReadonlyMap<string, WebAssembly.Module>;

export interface EdgeDuckDBOptions {
  /** duckdb-wasm's `dist/duckdb-eh.wasm` (the build with WebAssembly exceptions). */
  wasm: WasmSource;
  /** workerd only: the small modules duckdb-wasm builds at run time (`service-c/edge/workerd`). */
  precompiled?: PrecompiledModules;
}

/**
 * duckdb-wasm's database on the calling thread, no Web Worker: workerd has none, and Bun's lost the
 * messages duckdb-wasm's AsyncDuckDB posted before the worker was ready (Bun 1.4.5) — on the calling thread
 * there are no messages to lose. To see whether Bun still needs this: run `@duckdb/duckdb-wasm`'s
 * AsyncDuckDB in Bun and instantiate it right after `new Worker(...)`.
 */
export async function openEdgeDuckDB({ wasm, precompiled }: EdgeDuckDBOptions): Promise<DuckDBBindings> {
  claimRenderer();
  if (precompiled !== undefined) servePrecompiled(precompiled);
  // The package's `./blocking` export names a file it does not ship (dist/duckdb-node-blocking.mjs); the
  // build points this import at dist/duckdb-browser-blocking.mjs (package.json, build:edge).
  // (Its types are the Node build's, which has no BROWSER_RUNTIME.)
  const duckdb = (await import(
    '@duckdb/duckdb-wasm/blocking'
  )) as unknown as typeof import('@duckdb/duckdb-wasm/blocking') & {
    BROWSER_RUNTIME: DuckDBRuntime;
  };
  const [compiled, features] = await Promise.all([
    compileWasm(wasm, 'duckdb-wasm'),
    duckdb.getPlatformFeatures(),
  ]);
  if (!features.wasmExceptions)
    throw new Error('this runtime has no WebAssembly exceptions: duckdb-eh.wasm cannot run');
  // The names only choose the build (eh); the module itself is handed over below.
  const bundle = { mainModule: 'duckdb-eh.wasm', mainWorker: '' };
  const db = await duckdb.createDuckDB(
    { mvp: bundle, eh: bundle },
    new duckdb.VoidLogger(),
    duckdb.BROWSER_RUNTIME,
  );
  // Deno: duckdb-wasm fetches its URL and calls WebAssembly.instantiateStreaming, which refuses a file:
  // response (no content type); workerd cannot compile at all. So it gets the compiled module. A newer
  // duckdb-wasm that accepts a module itself makes this unneeded.
  Object.assign(db, {
    instantiateWasm(
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) {
      // As duckdb-wasm's own instantiateWasm does: its file system calls find the runtime there.
      Object.assign(globalThis, { DUCKDB_RUNTIME: duckdb.BROWSER_RUNTIME });
      void WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled));
      return {};
    },
  });
  await withLocation(() => db.instantiate());
  return db;
}

/**
 * workerd has a WorkerGlobalScope but no `self.location`: emscripten, taking itself for a Web Worker, reads
 * `self.location.href` for its script's folder ("Cannot read properties of undefined (reading 'href')").
 * The folder is never used (the module is handed over), so a placeholder stands in while it instantiates,
 * and only where none exists. To see whether a newer duckdb-wasm still needs it: search its
 * dist/duckdb-browser-blocking.mjs for `self.location.href`.
 */
async function withLocation<T>(run: () => Promise<T>): Promise<T> {
  if ('location' in globalThis) return run();
  Object.defineProperty(globalThis, 'location', { value: new URL('about:blank'), configurable: true });
  try {
    return await run();
  } finally {
    Reflect.deleteProperty(globalThis, 'location');
  }
}

/**
 * Deno, Bun (and workerd with nodejs_compat) have a `process` whose `versions.node` is set: duckdb-wasm's
 * browser build then takes itself for Node (emscripten's environment check and the bundled js-sha256, which
 * then fails with "Cannot read properties of undefined (reading 'from')"). Both give way to Electron's
 * renderer flag. To see whether a newer duckdb-wasm still needs it: search its dist/duckdb-browser-blocking.mjs
 * for `process.versions.node`. Set before the module loads; left set, as emscripten reads it again when it
 * instantiates.
 */
function claimRenderer(): void {
  const process = (globalThis as { process?: { versions?: { node?: string }; type?: string } }).process;
  if (typeof process?.versions?.node === 'string' && process.type === undefined) process.type = 'renderer';
}

/**
 * workerd compiles no WebAssembly at run time ("Wasm code generation disallowed by embedder"), and
 * duckdb-wasm builds a small module for each JS function it puts into its table and for each i64 call
 * wrapper (emscripten's convertJsFunctionToWasm and createDyncallWrapper; 28 on a drift run). Modules
 * compiled ahead, by their bytes, are handed out instead. Not needed once duckdb-wasm uses
 * `WebAssembly.Function` (it does when the runtime has it: workerd 1.20261117 has not) or stops building
 * modules: the build's module list (service-c/edge/workerd) then comes out empty.
 */
function servePrecompiled(precompiled: PrecompiledModules): void {
  const compile = WebAssembly.Module;
  if ((compile as { precompiled?: unknown }).precompiled === precompiled) return;
  const served = new Proxy(compile, {
    construct(target, [bytes]: [BufferSource]) {
      const found = precompiled.get(hex(bytes));
      if (found !== undefined) return found;
      return new target(bytes);
    },
    get: (target, key) => (key === 'precompiled' ? precompiled : Reflect.get(target, key)),
  });
  Object.assign(WebAssembly, { Module: served });
}

function hex(bytes: BufferSource): string {
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  return Array.from(view, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
