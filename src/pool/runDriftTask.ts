import { categoricalDrift } from '../compare/categoricalDrift.js';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { NumericArray } from '../compare/numericArray.js';
import { allocateNumericTask, numericDrift } from '../compare/numericDrift.js';
import type { CompareOptions } from '../compare/options.js';
import type { DriftResult } from '../compare/result.js';
import type { Kernel } from '../kernel/kernel.js';
import { type PerformanceInput, performanceDrift } from '../performance/performanceDrift.js';
import type { PerformanceResult } from '../performance/result.js';

/** One feature's battery. */
export type FeatureTask =
  | { kind: 'numeric'; reference: NumericArray; current: NumericArray; options: CompareOptions }
  | { kind: 'categorical'; reference: LabelCounts; current: LabelCounts; options: CompareOptions };

export type DriftTask = FeatureTask | ({ kind: 'performance' } & PerformanceInput);

/** A feature's battery gives a DriftResult, a model's labelled events a PerformanceResult. */
export type TaskResult<T extends DriftTask> = T extends { kind: 'performance' }
  ? PerformanceResult
  : DriftResult;

/** The buffers a task moves to its worker instead of copying them. */
export function transferablesOf(task: DriftTask): ArrayBuffer[] {
  const arrays =
    task.kind === 'numeric'
      ? [task.reference, task.current]
      : task.kind === 'performance'
        ? [
            task.reference.predictions,
            task.reference.labels,
            task.current.predictions,
            task.current.labels,
            ...(task.unlabelled ? [task.unlabelled.predictions, task.unlabelled.labels] : []),
          ]
        : [];
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

/**
 * One task on a kernel: what a pool worker does per task, a thread's or a page's, and what compare() does
 * for one feature. A numeric window is copied once into the kernel's memory, converted there by `set`.
 */
export function runDriftTask<T extends DriftTask>(kernel: Kernel, task: T): TaskResult<T> {
  return runTask(kernel, task) as TaskResult<T>;
}

function runTask(kernel: Kernel, task: DriftTask): DriftResult | PerformanceResult {
  if (task.kind === 'performance') return performanceDrift(kernel, task);
  if (task.kind === 'categorical')
    return categoricalDrift(kernel, task.reference, task.current, task.options);
  const buffers = allocateNumericTask(kernel, task.reference.length, task.current.length, task.options.bins);
  buffers.reference.set(task.reference);
  buffers.current.set(task.current);
  return numericDrift(kernel, buffers, task.options);
}
