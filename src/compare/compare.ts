import type { Kernel } from '../kernel/kernel.js';
import { threadWasmKernel } from '../kernel/wasmKernel.js';
import { runDriftTask } from '../pool/runDriftTask.js';
import { applyGate } from '../signal/applyGate.js';
import { type CompareOptions, resolveCompareOptions } from './options.js';
import { readWindows } from './readWindows.js';
import type { DriftResult } from './result.js';

export interface CompareCall extends Partial<CompareOptions> {
  /** The kernel to run on; by default this thread's WebAssembly instance, reused between calls. */
  kernel?: Kernel;
}

/**
 * Compares a current window of one feature with a reference window. Windows are arrays of numbers,
 * strings or null, or typed arrays of numbers (the fast path: one copy into the kernel); see
 * `readWindows` for how a feature is classified.
 */
export async function compare(
  reference: unknown,
  current: unknown,
  call: CompareCall = {},
): Promise<DriftResult> {
  const { kernel: given, ...thresholds } = call;
  const options = resolveCompareOptions(thresholds);
  const windows = readWindows(reference, current, options.categorical);
  const kernel = given ?? (await threadWasmKernel());
  const { result } = runDriftTask(kernel, { ...windows, options });
  // A family of one: the gate's p-value is its own adjusted p-value.
  return applyGate([result], options.gateAlpha)[0] as DriftResult;
}
