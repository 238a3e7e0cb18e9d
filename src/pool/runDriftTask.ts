import { categoricalDrift } from '../compare/categoricalDrift.js';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { NumericArray } from '../compare/numericArray.js';
import { allocateNumericTask, numericDrift } from '../compare/numericDrift.js';
import type { CompareOptions } from '../compare/options.js';
import type { DriftResult } from '../compare/result.js';
import type { Kernel } from '../kernel/kernel.js';

export type DriftTask =
  | { kind: 'numeric'; reference: NumericArray; current: NumericArray; options: CompareOptions }
  | { kind: 'categorical'; reference: LabelCounts; current: LabelCounts; options: CompareOptions };

/**
 * One feature's battery on a kernel: what a pool worker does per task, a thread's or a page's, and what
 * compare() does. A numeric window is copied once into the kernel's memory, converted there by `set`.
 */
export function runDriftTask(kernel: Kernel, task: DriftTask): DriftResult {
  if (task.kind === 'categorical')
    return categoricalDrift(kernel, task.reference, task.current, task.options);
  const buffers = allocateNumericTask(kernel, task.reference.length, task.current.length, task.options.bins);
  buffers.reference.set(task.reference);
  buffers.current.set(task.current);
  return numericDrift(kernel, buffers, task.options);
}
