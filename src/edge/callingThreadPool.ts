import type { Kernel } from '../kernel/kernel.js';
import type { DriftPool } from '../pool/driftPool.js';
import { runDriftTask } from '../pool/runDriftTask.js';

/** A DriftPool without threads: each task runs on the calling thread, in turn (workerd has no Web Workers). */
export function callingThreadPool(kernel: Kernel): DriftPool {
  return {
    run: async (task, signal) => {
      signal?.throwIfAborted();
      return runDriftTask(kernel, task);
    },
    destroy: async () => {},
  };
}
