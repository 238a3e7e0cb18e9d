import Tinypool from 'tinypool';
import { compileKernel } from '../kernel/wasmKernel.js';
import type { DriftWorkerData } from './driftTask.js';
import { type DriftTask, type TaskResult, transferablesOf } from './runDriftTask.js';

/** Runs feature batteries and performance comparisons on worker threads; the caller owns it and destroys it. */
export interface DriftPool {
  run<T extends DriftTask>(task: T, signal?: AbortSignal): Promise<TaskResult<T>>;
  destroy(): Promise<void>;
}

export interface DriftPoolOptions {
  threads: number;
  niceness: number;
}

// Workers load the compiled JavaScript, also when this module runs from the TypeScript sources.
const workerFile = new URL('../../dist/pool/driftTask.js', import.meta.url);

export async function createDriftPool(options: DriftPoolOptions): Promise<DriftPool> {
  const workerData: DriftWorkerData = { kernelModule: await compileKernel(), niceness: options.niceness };
  const pool = new Tinypool({
    filename: workerFile.href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 30_000,
    workerData,
  });
  return {
    run(task, signal) {
      // The windows move to the worker instead of being copied.
      return pool.run(task, { transferList: transferablesOf(task), signal: signal ?? null });
    },
    destroy: () => pool.destroy(),
  };
}
