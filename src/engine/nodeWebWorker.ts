import { type Transferable as NodeTransferable, Worker as NodeWorker } from 'node:worker_threads';

/** A Web Worker over a Node worker thread, and a say in whether that thread keeps the process alive. */
export interface NodeWebWorker {
  worker: Worker;
  /** true: the thread keeps the process alive (the default); false: it does not, as while it idles. */
  keepAlive(alive: boolean): void;
}

/**
 * duckdb-wasm's Node worker script written for Web Workers (it talks through `globalThis.onmessage` and
 * `postMessage`), in a worker thread behind the Web Worker interface AsyncDuckDB drives.
 */
export function nodeWebWorker(script: string): NodeWebWorker {
  const thread = new NodeWorker(
    // Its console is not ours: duckdb-wasm prints a stack there for an error it also answers with. Silenced
    // inside the thread, not piped to this one: piped output streams would keep an idle thread's process alive.
    `for (const name of Object.keys(console)) console[name] = () => {};
     process.stdout.write = process.stderr.write = () => true;
     const { parentPort, workerData } = require('node:worker_threads');
     globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
     parentPort.on('message', (data) => globalThis.onmessage?.({ data }));
     require(workerData);`,
    { eval: true, workerData: script },
  );
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  const emit = (type: string, event: unknown) => {
    for (const listener of listeners.get(type) ?? []) listener(event);
  };
  thread.on('message', (data) => emit('message', { data }));
  thread.on('error', (error) => emit('error', error));
  thread.on('exit', () => emit('close', {}));
  const webWorker = {
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
    },
    removeEventListener: (type: string, listener: (event: unknown) => void) => {
      listeners.get(type)?.delete(listener);
    },
    postMessage: (message: unknown, transfer?: Transferable[]) =>
      thread.postMessage(message, transfer as NodeTransferable[] | undefined),
    terminate: () => {
      void thread.terminate();
    },
  };
  return {
    worker: webWorker as unknown as Worker,
    keepAlive: (alive) => (alive ? thread.ref() : thread.unref()),
  };
}
