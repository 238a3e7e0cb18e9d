import { bootstrapScratch } from '../kernel/bootstrapScratch.js';
import type { Kernel, SortedClasses } from '../kernel/kernel.js';
import { calibrationChoice, foldSizes } from './calibrationChoice.js';
import type { PerformanceOptions } from './options.js';
import { performanceStatus } from './performanceStatus.js';
import {
  type EstimatedMetric,
  type EstimatedPerformance,
  estimatedMetricNames,
  type LabelledWindow,
  type PerformanceMetric,
} from './result.js';

export interface EstimateInput {
  /** The reference window's labelled events (labels 0 or 1). */
  reference: LabelledWindow;
  /** Every event of the current window, labelled or not: an unknown label is NaN. */
  current: LabelledWindow;
  options: PerformanceOptions;
}

const METRICS = estimatedMetricNames.length;

/** Finite scores of a window, and of its events labelled 0 and 1 (the rest unlabelled). */
function counts({ predictions, labels }: LabelledWindow) {
  let [events, positives, negatives] = [0, 0, 0];
  for (let i = 0; i < predictions.length; i++) {
    if (!Number.isFinite(predictions[i])) continue;
    events++;
    if (labels[i] === 1) positives++;
    else if (labels[i] === 0) negatives++;
  }
  return { events, positives, negatives };
}

/** Copies the finite scores into `all`, and those labelled 1 / 0 into the classes; then sorts each. */
function fill(
  kernel: Kernel,
  { predictions, labels }: LabelledWindow,
  all: Float64Array,
  classes: SortedClasses,
) {
  let [e, p, n] = [0, 0, 0];
  for (let i = 0; i < predictions.length; i++) {
    const score = predictions[i] as number;
    if (!Number.isFinite(score)) continue;
    all[e++] = score;
    if (labels[i] === 1) classes.positives[p++] = score;
    else if (labels[i] === 0) classes.negatives[n++] = score;
  }
  for (const values of [all, classes.positives, classes.negatives]) kernel.sort(values);
}

const orNull = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? null : value);

/**
 * Confidence-based performance estimation for a binary classifier: calibrate the scores on the reference's
 * labelled events (isotonic, when it helps), then the expected AUC, accuracy, precision, recall and F1 of
 * each window from its scores alone, each current estimate with the spread of the realized metric over
 * windows of the current window's size drawn from the reference, and the status by the realized rules.
 */
export function estimatedPerformance(
  kernel: Kernel,
  { reference, current, options }: EstimateInput,
): EstimatedPerformance {
  const ref = counts(reference);
  const cur = counts(current);
  const resamples = options.resamples;
  const arrays = kernel.allocate([
    ref.events,
    ref.positives,
    ref.negatives,
    ref.events,
    cur.events,
    cur.positives,
    cur.negatives,
    cur.events,
    ...foldSizes(reference),
    ref.events,
    ref.events,
    ref.events,
    Math.max(ref.positives, ref.negatives),
    bootstrapScratch(ref),
    METRICS * resamples,
    resamples,
    METRICS * 4,
  ]);
  const [refAll, refPos, refNeg, refProbabilities, curAll, curPos, curNeg, curProbabilities] =
    arrays as Float64Array[];
  const [
    aPos,
    aNeg,
    bPos,
    bNeg,
    upper,
    level,
    blockCounts,
    foldProbabilities,
    weights,
    resampled,
    deviations,
    out,
  ] = arrays.slice(8) as Float64Array[];
  const refClasses = { positives: refPos as Float64Array, negatives: refNeg as Float64Array };
  const curClasses = { positives: curPos as Float64Array, negatives: curNeg as Float64Array };
  fill(kernel, reference, refAll as Float64Array, refClasses);
  fill(kernel, current, curAll as Float64Array, curClasses);
  const choice = calibrationChoice(
    kernel,
    refClasses,
    {
      folds: [
        { positives: aPos as Float64Array, negatives: aNeg as Float64Array },
        { positives: bPos as Float64Array, negatives: bNeg as Float64Array },
      ],
      upper: upper as Float64Array,
      level: level as Float64Array,
      counts: blockCounts as Float64Array,
      probabilities: foldProbabilities as Float64Array,
    },
    options.calibration,
  );
  const blocks = choice.calibrate
    ? kernel.isotonicFit(
        refClasses,
        upper as Float64Array,
        level as Float64Array,
        blockCounts as Float64Array,
      )
    : 0;
  const [estimatedReference, estimatedCurrent, realizedReference, realizedCurrent] = [0, 1, 2, 3].map((k) =>
    (out as Float64Array).subarray(k * METRICS, (k + 1) * METRICS).fill(Number.NaN),
  ) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const estimate = (scores: Float64Array, probabilities: Float64Array, into: Float64Array) => {
    if (scores.length === 0) return;
    if (choice.calibrate)
      kernel.isotonicApply(scores, upper as Float64Array, level as Float64Array, blocks, probabilities);
    else
      for (let i = 0; i < scores.length; i++)
        probabilities[i] = Math.min(1, Math.max(0, scores[i] as number));
    kernel.estimatedMetrics(scores, probabilities, options.threshold, into);
  };
  estimate(refAll as Float64Array, refProbabilities as Float64Array, estimatedReference);
  estimate(curAll as Float64Array, curProbabilities as Float64Array, estimatedCurrent);
  const enough = (events: number) => events >= options.minEvents;
  if (enough(ref.events)) kernel.realizedMetrics(refClasses, options.threshold, realizedReference);
  if (enough(cur.positives + cur.negatives))
    kernel.realizedMetrics(curClasses, options.threshold, realizedCurrent);
  const intervals = estimatedMetricNames.map((): [number, number] | null => null);
  if (enough(ref.events) && enough(cur.events)) {
    kernel.bootstrapRealizedMetrics(
      refClasses,
      cur.events,
      options.threshold,
      options.seed,
      weights as Float64Array,
      resampled as Float64Array,
    );
    for (let k = 0; k < METRICS; k++) {
      intervals[k] = deviationInterval(
        kernel,
        resampled as Float64Array,
        k,
        realizedReference[k] as number,
        deviations as Float64Array,
        options.confidence,
      );
    }
  }
  const metrics = estimatedMetricNames.map((name, k): EstimatedMetric => {
    const [before, after] = [orNull(estimatedReference[k]), orNull(estimatedCurrent[k])];
    const deviation = intervals[k] ?? null;
    const [low, high] =
      deviation === null || after === null ? [null, null] : [after + deviation[0], after + deviation[1]];
    const realized = orNull(realizedCurrent[k]);
    return {
      metric: name,
      reference: before,
      current: after,
      change: before === null || after === null ? null : after - before,
      changeLow: before === null || low === null ? null : low - before,
      changeHigh: before === null || high === null ? null : (high as number) - before,
      currentLow: low,
      currentHigh: high,
      realizedReference: orNull(realizedReference[k]),
      realizedCurrent: realized,
      error: after === null || realized === null ? null : after - realized,
    };
  });
  const auc = metrics[0] as EstimatedMetric;
  return {
    calibration: choice.calibrate ? 'isotonic' : 'none',
    calibrationReason: choice.reason,
    referenceEvents: ref.events,
    currentEvents: cur.events,
    currentLabelled: cur.positives + cur.negatives,
    metrics,
    status: performanceStatus(
      'binary_classification',
      { ...auc, metric: 'auc' } satisfies PerformanceMetric,
      [ref.events, cur.events],
      options,
    ),
  };
}

/**
 * The type-7 quantiles at (1 ∓ confidence) / 2 of the resampled metric k minus the reference's realized
 * value: how far a window of the current window's size strays by chance. Null without a finite resample.
 */
function deviationInterval(
  kernel: Kernel,
  resampled: Float64Array,
  k: number,
  center: number,
  scratch: Float64Array,
  confidence: number,
): [number, number] | null {
  let finite = 0;
  for (let b = 0; b < scratch.length; b++) {
    const deviation = (resampled[b * METRICS + k] as number) - center;
    if (Number.isFinite(deviation)) scratch[finite++] = deviation;
  }
  if (finite === 0) return null;
  const sorted = scratch.subarray(0, finite);
  kernel.sort(sorted);
  const tail = (1 - confidence) / 2;
  return [kernel.quantileSorted(sorted, tail), kernel.quantileSorted(sorted, 1 - tail)];
}
