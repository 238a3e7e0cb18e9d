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
  const shared = new WeakMap<Float64Array, Float64Array>();
  return {
    run(task, signal) {
      // The windows move to the worker instead of being copied.
      return pool.run(sharingHours(task, shared), {
        transferList: transferablesOf(task),
        signal: signal ?? null,
      });
    },
    destroy: () => pool.destroy(),
  };
}

/**
 * A numeric task whose windows' hour indices (and their slots) are in shared memory: a batch's columns share
 * one array of each per window, which would otherwise be copied into every column's task message (2 MB each
 * for 250,000 rows). Each is copied once into a SharedArrayBuffer, which a message hands over without
 * copying; tasks only read them, and the run does not change a window's arrays once read.
 */
function sharingHours<T extends DriftTask>(task: T, shared: WeakMap<Float64Array, Float64Array>): T {
  if (task.kind !== 'numeric' || task.signal === undefined) return task;
  const { signal } = task;
  const share = (hours: Float64Array) => {
    let copy = shared.get(hours);
    if (copy === undefined) {
      copy = new Float64Array(new SharedArrayBuffer(hours.byteLength));
      copy.set(hours);
      shared.set(hours, copy);
    }
    return copy;
  };
  return {
    ...task,
    signal: {
      ...signal,
      currentHours: share(signal.currentHours),
      reference:
        signal.reference.kind === 'rows'
          ? {
              ...signal.reference,
              hours: share(signal.reference.hours),
              ...(signal.reference.slots === undefined
                ? {}
                : { slots: { ...signal.reference.slots, slots: share(signal.reference.slots.slots) } }),
            }
          : signal.reference,
    },
  };
}
