// The worker thread's side of the pool: lower this thread's OS priority, instantiate the kernel once from
// the module the main thread compiled, then run one feature's battery per task.
import { setPriority } from 'node:os';
import Tinypool from 'tinypool';
import { loadWasmKernel } from '../kernel/wasmKernel.js';
import { type DriftTask, runDriftTask, type TaskResult } from './runDriftTask.js';

export type { DriftTask } from './runDriftTask.js';

export interface DriftWorkerData {
  kernelModule: WebAssembly.Module;
  niceness: number;
}

const { kernelModule, niceness } = Tinypool.workerData as DriftWorkerData;
// On Linux the nice value is per thread: this lowers this worker only, not the caller's event loop.
setPriority(niceness);
const kernel = await loadWasmKernel(kernelModule);

export default function driftTask(task: DriftTask): TaskResult<DriftTask> {
  return runDriftTask(kernel, task);
}
