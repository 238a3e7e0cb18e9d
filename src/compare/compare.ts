import type { Kernel } from '../kernel/kernel.js';
import { loadWasmKernel } from '../kernel/wasmKernel.js';
import { categoricalDrift } from './categoricalDrift.js';
import { allocateNumericTask, numericDrift } from './numericDrift.js';
import { type CompareOptions, resolveCompareOptions } from './options.js';
import { readWindows } from './readWindows.js';
import type { DriftResult } from './result.js';

export interface CompareCall extends Partial<CompareOptions> {
  /** The kernel to run on; by default a fresh WebAssembly instance. */
  kernel?: Kernel;
}

/**
 * Compares a current window of one feature with a reference window. Values are numbers, strings or
 * null; see `readWindows` for how a feature is classified.
 */
export async function compare(
  reference: unknown,
  current: unknown,
  call: CompareCall = {},
): Promise<DriftResult> {
  const { kernel: given, ...thresholds } = call;
  const options = resolveCompareOptions(thresholds);
  const windows = readWindows(reference, current, options.categorical);
  const kernel = given ?? (await loadWasmKernel());
  if (windows.kind === 'categorical') {
    return categoricalDrift(kernel, windows.reference, windows.current, options);
  }
  const task = allocateNumericTask(kernel, windows.reference.length, windows.current.length, options.bins);
  task.reference.set(windows.reference);
  task.current.set(windows.current);
  return numericDrift(kernel, task, options);
}
