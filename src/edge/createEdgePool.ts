import { createWorkerPool } from '../browser/workerPool.js';
import { type KernelSource, loadWasmKernel } from '../kernel/wasmKernel.js';
import type { DriftPool, DriftPoolOptions } from '../pool/driftPool.js';
import { callingThreadPool } from './callingThreadPool.js';

export interface EdgePoolOptions {
  /** The kernel of the calling thread's pool; by default the packaged build/kernel.wasm. */
  kernel?: KernelSource;
  /**
   * The Web Workers' script (the bundle's driftWorker.js, next to service-c/edge by default), or false for
   * no workers. Without Web Workers (workerd) or a script, tasks run on the calling thread.
   */
  driftWorker?: string | URL | false;
}

/** Web Workers where the runtime has them (Deno, Bun, browsers), else the calling thread (workerd). */
export async function createEdgePool(
  options: EdgePoolOptions,
  { threads }: Pick<DriftPoolOptions, 'threads'>,
): Promise<DriftPool> {
  const script = options.driftWorker ?? packagedDriftWorker();
  if (typeof Worker === 'function' && script !== false) return createWorkerPool(script, { threads });
  return callingThreadPool(await loadWasmKernel(options.kernel));
}

/** The worker script next to this module, when modules have URLs here (workerd's have none). */
function packagedDriftWorker(): URL | false {
  return typeof import.meta.url === 'string' ? new URL('driftWorker.js', import.meta.url) : false;
}
