// The worker thread's side of the pool: lower this thread's OS priority, instantiate the kernel once from
// the module the main thread compiled, then run one feature's battery per task.
import { setPriority } from 'node:os';
import Tinypool from 'tinypool';
import { categoricalDrift } from '../compare/categoricalDrift.js';
import type { LabelCounts } from '../compare/labelCounts.js';
import { allocateNumericTask, numericDrift } from '../compare/numericDrift.js';
import type { CompareOptions } from '../compare/options.js';
import type { DriftResult } from '../compare/result.js';
import { loadWasmKernel } from '../kernel/wasmKernel.js';

export interface DriftWorkerData {
  kernelModule: WebAssembly.Module;
  niceness: number;
}

export type DriftTask =
  | { kind: 'numeric'; reference: Float64Array; current: Float64Array; options: CompareOptions }
  | { kind: 'categorical'; reference: LabelCounts; current: LabelCounts; options: CompareOptions };

const { kernelModule, niceness } = Tinypool.workerData as DriftWorkerData;
// On Linux the nice value is per thread: this lowers this worker only, not the caller's event loop.
setPriority(niceness);
const kernel = await loadWasmKernel(kernelModule);

export default function driftTask(task: DriftTask): DriftResult {
  if (task.kind === 'categorical')
    return categoricalDrift(kernel, task.reference, task.current, task.options);
  const buffers = allocateNumericTask(kernel, task.reference.length, task.current.length, task.options.bins);
  buffers.reference.set(task.reference);
  buffers.current.set(task.current);
  return numericDrift(kernel, buffers, task.options);
}
