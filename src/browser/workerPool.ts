import type { DriftPool, DriftPoolOptions } from '../pool/driftPool.js';
import { type DriftTask, type TaskResult, transferablesOf } from '../pool/runDriftTask.js';

export interface TaskMessage {
  id: number;
  task: DriftTask;
}

export type TaskReply = { id: number; result: TaskResult<DriftTask> } | { id: number; error: string };

interface Slot {
  worker: Worker;
  pending: Map<
    number,
    { resolve: (result: TaskResult<DriftTask>) => void; reject: (error: unknown) => void }
  >;
}

/**
 * The DriftPool of a page: `threads` module Web Workers running `script` (the bundle's driftWorker.js), each
 * task to the least busy one, its windows transferred. Niceness has no meaning in a page.
 */
export async function createWorkerPool(
  script: string | URL,
  { threads }: Pick<DriftPoolOptions, 'threads'>,
): Promise<DriftPool> {
  let nextId = 0;
  const failAll = (slot: Slot, error: Error) => {
    for (const { reject } of slot.pending.values()) reject(error);
    slot.pending.clear();
  };
  const slots: Slot[] = Array.from({ length: threads }, () => {
    const slot: Slot = { worker: new Worker(script, { type: 'module' }), pending: new Map() };
    slot.worker.addEventListener('message', ({ data }: MessageEvent<TaskReply>) => {
      const waiting = slot.pending.get(data.id);
      slot.pending.delete(data.id);
      if ('error' in data) waiting?.reject(new Error(data.error));
      else waiting?.resolve(data.result);
    });
    // A worker that cannot start (its script or the kernel failed to load) fails what waits on it.
    slot.worker.addEventListener('error', (event) =>
      failAll(slot, new Error(`drift worker: ${event.message}`)),
    );
    return slot;
  });
  return {
    run(task, signal) {
      signal?.throwIfAborted();
      const slot = slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
      const id = nextId++;
      const reply = new Promise<TaskResult<DriftTask>>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        signal?.addEventListener('abort', () => slot.pending.delete(id) && reject(signal.reason), {
          once: true,
        });
        slot.worker.postMessage({ id, task } satisfies TaskMessage, transferablesOf(task));
      });
      // The worker answers a task with the result of its kind (runDriftTask).
      return reply as Promise<TaskResult<typeof task>>;
    },
    destroy: async () => {
      for (const slot of slots) {
        slot.worker.terminate();
        failAll(slot, new Error('the drift pool was destroyed'));
      }
    },
  };
}
