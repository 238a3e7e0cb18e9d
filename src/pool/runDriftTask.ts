import { categoricalDrift } from '../compare/categoricalDrift.js';
import { featureStatus } from '../compare/featureStatus.js';
import type { LabelCounts } from '../compare/labelCounts.js';
import type { NumericArray } from '../compare/numericArray.js';
import { allocateNumericTask, numericDrift } from '../compare/numericDrift.js';
import type { CompareOptions } from '../compare/options.js';
import type { BatteryResult, ColumnTypes, DriftResult } from '../compare/result.js';
import type { Kernel } from '../kernel/kernel.js';
import { type PerformanceInput, performanceDrift } from '../performance/performanceDrift.js';
import type { PerformanceResult } from '../performance/result.js';
import { gatePValue } from '../signal/gatePValue.js';
import {
  type CategoricalSignal,
  type NumericSignal,
  prepareCategorical,
  prepareNumeric,
  type ReferenceProfile,
} from '../signal/seasonalTask.js';

/**
 * One feature's battery; with `signal` (a run's windows, with their times) on the column's seasonal
 * reference, with the gate's figures.
 */
export type FeatureTask =
  | {
      kind: 'numeric';
      reference: NumericArray;
      current: NumericArray;
      options: CompareOptions;
      signal?: NumericSignal;
      /** The column's DuckDB types, for the type-change rule; none for compare() on arrays. */
      types?: ColumnTypes;
    }
  | {
      kind: 'categorical';
      reference: LabelCounts;
      current: LabelCounts;
      options: CompareOptions;
      signal?: CategoricalSignal;
      types?: ColumnTypes;
    };

export type DriftTask = FeatureTask | ({ kind: 'performance' } & PerformanceInput);

/** A feature's result, and its reference by phase when the task asked to keep it (to store). */
export interface FeatureResult {
  result: DriftResult;
  profile: ReferenceProfile | null;
}

/** A feature's battery gives a FeatureResult, a model's labelled events a PerformanceResult. */
export type TaskResult<T extends DriftTask> = T extends { kind: 'performance' }
  ? PerformanceResult
  : FeatureResult;

/** The buffers a task moves to its worker instead of copying them. */
export function transferablesOf(task: DriftTask): ArrayBuffer[] {
  // Hour indices are shared by a batch's tasks: copied to each, not moved.
  const arrays =
    task.kind === 'numeric'
      ? [task.reference, task.current, ...storedSamples(task.signal)]
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

function storedSamples(signal: NumericSignal | undefined): Float64Array[] {
  return signal?.reference.kind === 'stored' ? [...signal.reference.phases.values()] : [];
}

/**
 * One task on a kernel: what a pool worker does per task, a thread's or a page's, and what compare() does
 * for one feature. A numeric window is copied once into the kernel's memory, converted there by `set`.
 */
export function runDriftTask<T extends DriftTask>(kernel: Kernel, task: T): TaskResult<T> {
  return runTask(kernel, task) as TaskResult<T>;
}

function runTask(kernel: Kernel, task: DriftTask): FeatureResult | PerformanceResult {
  if (task.kind === 'performance') return performanceDrift(kernel, task);
  if (task.kind === 'categorical') {
    if (task.signal === undefined) {
      return plain(
        categoricalDrift(kernel, task.reference, task.current, task.options, task.types ?? null),
        task.options,
      );
    }
    const prepared = prepareCategorical(task.reference, task.signal, task.options);
    return prepared.finish(
      categoricalDrift(kernel, prepared.reference, task.current, task.options, task.types ?? null),
      task.options,
    );
  }
  return numericTask(kernel, task);
}

/**
 * A numeric feature. With a signal, a reference compared with its rows as they are (no cycle) comes in the
 * battery's buffers with its finite values sorted (the common bins sorted them there): missing values after
 * them, and not sorted again.
 */
function numericTask(kernel: Kernel, task: FeatureTask & { kind: 'numeric' }): FeatureResult {
  const { options, signal } = task;
  const types = task.types ?? null;
  const prepared =
    signal === undefined
      ? null
      : prepareNumeric(kernel, task.reference as Float64Array, signal, options, task.current.length);
  const sorted = prepared?.sortedReference ?? null;
  let buffers = prepared?.battery ?? null;
  if (buffers !== null && sorted !== null) buffers.reference.fill(Number.NaN, sorted);
  else {
    const reference = prepared?.reference ?? task.reference;
    buffers = allocateNumericTask(kernel, reference.length, task.current.length, options.bins);
    buffers.reference.set(reference);
  }
  buffers.current.set(task.current);
  const battery = numericDrift(kernel, buffers, options, types, sorted);
  return prepared === null ? plain(battery, options) : prepared.finish(battery, options);
}

/** Windows without times (compare() on arrays): no cycle, and a gate of the comparison alone (a = 1). */
function plain(battery: BatteryResult, options: CompareOptions): FeatureResult {
  const gate = options.gate
    ? {
        dispersion: 1,
        windows: 0,
        pvalue: gatePValue(battery, 1),
        pvalueAdjusted: null,
        statusBeforeGate: battery.status,
      }
    : null;
  return {
    result: { ...battery, ...featureStatus(battery.status, battery.quality), seasonality: null, gate },
    profile: null,
  };
}
