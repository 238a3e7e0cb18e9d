// The page's pool worker (a module Web Worker): the kernel instantiated once from kernel.wasm, fetched from
// the server the page came from, then one feature's battery per message, as a pool thread does in Node.
import { loadWasmKernel } from '../kernel/wasmKernel.js';
import { runDriftTask } from '../pool/runDriftTask.js';
import { firstLine } from '../util/firstLine.js';
import type { TaskMessage, TaskReply } from './workerPool.js';

const kernel = loadWasmKernel();
const reply = (message: TaskReply) => (self as unknown as Worker).postMessage(message);

addEventListener('message', async (event: MessageEvent<TaskMessage>) => {
  const { id, task } = event.data;
  try {
    reply({ id, result: runDriftTask(await kernel, task) });
  } catch (error) {
    reply({ id, error: firstLine(error) });
  }
});
