import { bootstrapScratch } from '../kernel/bootstrapScratch.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Chunking } from '../signal/chunkOf.js';
import { estimatedPerformance } from './estimatedPerformance.js';
import { finiteEvents } from './finiteEvents.js';
import { inferTask } from './inferTask.js';
import type { PerformanceOptions } from './options.js';
import { performanceGate } from './performanceGate.js';
import { performanceStatus } from './performanceStatus.js';
import { type ReferenceSpread, referenceSpread } from './referenceSpread.js';
import type {
  LabelledWindow,
  PerformanceMetric,
  PerformanceMetricName,
  PerformanceResult,
  PerformanceTask,
} from './result.js';
import { binaryWindowMetrics, regressionWindowMetrics } from './windowMetrics.js';

export interface PerformanceInput {
  /** The task from model_metadata; null infers it. */
  task: PerformanceTask | null;
  reference: LabelledWindow;
  current: LabelledWindow;
  /**
   * Every event of the current window, labelled or not (an unknown label NaN): a binary classifier's
   * performance is estimated there from its scores alone. Absent: no estimate.
   */
  unlabelled?: LabelledWindow;
  options: PerformanceOptions;
  /** The gate (docs/signal.md); absent when it is off. */
  gate?: PerformanceGateInput;
}

/**
 * The reference's own spread: measured on its chunks (`reference.hours` must then hold each event's hour),
 * or as a stored reference's profiles hold it.
 */
export interface PerformanceGateInput {
  /** Fewer chunks measured than this: the reference's spread is 0 (the bootstrap's alone counts). */
  minWindows: number;
  reference: { kind: 'rows'; chunks: Chunking } | { kind: 'stored'; spread: ReferenceSpread };
}

/**
 * A model's realized performance in both windows, the change and its bootstrap interval, and the status;
 * events with a non-finite prediction or label are left out and counted as missing.
 */
export function performanceDrift(kernel: Kernel, given: PerformanceInput): PerformanceResult {
  const [finiteReference, finiteCurrent] = [finiteEvents(given.reference), finiteEvents(given.current)];
  const input = { ...given, reference: finiteReference.window, current: finiteCurrent.window };
  const { reference, current, options } = input;
  const task = input.task ?? inferTask([reference, current]);
  const { metrics, bootstrapSd } =
    task === 'binary_classification' ? binaryMetrics(kernel, input) : regressionMetrics(kernel, input);
  const events = [reference.labels.length, current.labels.length] as const;
  const headline = metrics[0] as PerformanceMetric;
  const status = performanceStatus(task, headline, events, options);
  return {
    task,
    taskSource: input.task === null ? 'inferred' : 'model_metadata',
    referenceEvents: events[0],
    currentEvents: events[1],
    referenceMissing: finiteReference.missing,
    currentMissing: finiteCurrent.missing,
    metrics,
    // Before Holm's adjustment across the model, which decides the status (applyGate).
    status,
    gate:
      input.gate === undefined
        ? null
        : performanceGate(task, headline, bootstrapSd, spreadOf(task, reference, headline, input), status),
    // After the realized metrics: the estimate's arrays take the kernel's memory over.
    estimated:
      task === 'binary_classification' && input.unlabelled !== undefined
        ? estimatedPerformance(kernel, { reference, current: input.unlabelled, options })
        : null,
  };
}

type Interval = [low: number, high: number] | null;

function spreadOf(
  task: PerformanceTask,
  reference: LabelledWindow,
  headline: PerformanceMetric,
  { gate, options }: PerformanceInput,
): ReferenceSpread {
  const given = gate as PerformanceGateInput;
  if (given.reference.kind === 'stored') return given.reference.spread;
  if (headline.reference === null || reference.hours === undefined) return { spread: 0, windows: 0 };
  const events = { ...reference, hours: reference.hours };
  const { chunks } = given.reference;
  return referenceSpread(task, events, headline.reference, chunks, options.minEvents, given.minWindows);
}

/** The standard deviation of the bootstrap's resampled changes; null without a bootstrap. */
function standardDeviation(changes: Float64Array | null): number | null {
  if (changes === null || changes.length === 0) return null;
  const mean = changes.reduce((sum, change) => sum + change, 0) / changes.length;
  const squares = changes.reduce((sum, change) => sum + (change - mean) ** 2, 0);
  return Math.sqrt(squares / changes.length);
}

function metric(
  name: PerformanceMetricName,
  reference: number | null,
  current: number | null,
  interval: Interval = null,
): PerformanceMetric {
  return {
    metric: name,
    reference,
    current,
    change: reference === null || current === null ? null : current - reference,
    changeLow: interval?.[0] ?? null,
    changeHigh: interval?.[1] ?? null,
  };
}

function binaryMetrics(kernel: Kernel, { reference, current, options }: PerformanceInput) {
  for (const window of [reference, current]) {
    const odd = window.labels.find((label) => label !== 0 && label !== 1);
    if (odd !== undefined) throw new RangeError(`binary_classification needs labels 0 or 1, got ${odd}`);
  }
  const positives = (w: LabelledWindow) => w.labels.reduce((sum, label) => sum + label, 0);
  const [rp, cp] = [positives(reference), positives(current)];
  const [rn, cn] = [reference.labels.length - rp, current.labels.length - cp];
  const [refPositives, refNegatives, curPositives, curNegatives, weights, changes] = kernel.allocate([
    rp,
    rn,
    cp,
    cn,
    bootstrapScratch({ positives: rp, negatives: rn }, { positives: cp, negatives: cn }),
    options.resamples,
  ]) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  splitByLabel(reference, refPositives, refNegatives);
  splitByLabel(current, curPositives, curNegatives);
  for (const scores of [refPositives, refNegatives, curPositives, curNegatives]) kernel.sort(scores);
  const auc = (pos: Float64Array, neg: Float64Array) =>
    pos.length > 0 && neg.length > 0 ? kernel.rocAuc(pos, neg) : null;
  const [referenceAuc, currentAuc] = [auc(refPositives, refNegatives), auc(curPositives, curNegatives)];
  let interval: Interval = null;
  let bootstrapSd: number | null = null;
  if (referenceAuc !== null && currentAuc !== null && enough([rp + rn, cp + cn], options)) {
    const ref = { positives: refPositives, negatives: refNegatives };
    const cur = { positives: curPositives, negatives: curNegatives };
    kernel.bootstrapAucChange(ref, cur, options.seed, weights, changes);
    bootstrapSd = standardDeviation(changes);
    interval = percentileInterval(kernel, changes, options.confidence);
  }
  const before = binaryWindowMetrics({ positives: refPositives, negatives: refNegatives }, options.threshold);
  const after = binaryWindowMetrics({ positives: curPositives, negatives: curNegatives }, options.threshold);
  const metrics = [
    metric('auc', referenceAuc, currentAuc, interval),
    ...(['log_loss', 'brier', 'accuracy', 'positive_rate'] as const).map((name) =>
      metric(name, before[name], after[name]),
    ),
  ];
  return { metrics, bootstrapSd };
}

function regressionMetrics(kernel: Kernel, { reference, current, options }: PerformanceInput) {
  const [refErrors, curErrors, refSquared, curSquared, weights, changes] = kernel.allocate([
    reference.labels.length,
    current.labels.length,
    reference.labels.length,
    current.labels.length,
    Math.max(reference.labels.length, current.labels.length),
    options.resamples,
  ]) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  // Sorted errors are the windows in a canonical order: the resamples do not depend on the engine's row order.
  for (const [window, errors, squared] of [
    [reference, refErrors, refSquared],
    [current, curErrors, curSquared],
  ] as const) {
    for (let i = 0; i < errors.length; i++) {
      errors[i] = (window.predictions[i] as number) - (window.labels[i] as number);
    }
    kernel.sort(errors);
    for (let i = 0; i < errors.length; i++) squared[i] = (errors[i] as number) ** 2;
  }
  let interval: Interval = null;
  let bootstrapSd: number | null = null;
  if (enough([refSquared.length, curSquared.length], options)) {
    kernel.bootstrapRmseChange(refSquared, curSquared, options.seed, weights, changes);
    bootstrapSd = standardDeviation(changes);
    interval = percentileInterval(kernel, changes, options.confidence);
  }
  const before = regressionWindowMetrics(refErrors);
  const after = regressionWindowMetrics(curErrors);
  const metrics = [
    metric('rmse', before.rmse, after.rmse, interval),
    metric('mae', before.mae, after.mae),
    metric('mean_error', before.mean_error, after.mean_error),
  ];
  return { metrics, bootstrapSd };
}

function enough(events: readonly number[], options: PerformanceOptions): boolean {
  return Math.min(...events) >= options.minEvents;
}

function splitByLabel(window: LabelledWindow, positives: Float64Array, negatives: Float64Array): void {
  let p = 0;
  let n = 0;
  for (let i = 0; i < window.labels.length; i++) {
    const score = window.predictions[i] as number;
    if (window.labels[i] === 1) positives[p++] = score;
    else negatives[n++] = score;
  }
}

/** The percentile interval (type-7 quantiles) of the resampled changes; sorts them in place. */
function percentileInterval(kernel: Kernel, changes: Float64Array, confidence: number): Interval {
  kernel.sort(changes);
  const tail = (1 - confidence) / 2;
  return [kernel.quantileSorted(changes, tail), kernel.quantileSorted(changes, 1 - tail)];
}
