import type { Kernel, SortedClasses } from '../kernel/kernel.js';
import type { PerformanceOptions } from './options.js';
import type { LabelledWindow } from './result.js';
import { scoreFolds } from './scoreFold.js';

/** The kernel arrays the out-of-fold check works in: two folds (see scoreFolds), a fit's blocks, probabilities. */
export interface CalibrationScratch {
  folds: [SortedClasses, SortedClasses];
  upper: Float64Array;
  level: Float64Array;
  counts: Float64Array;
  probabilities: Float64Array;
}

export interface CalibrationChoice {
  calibrate: boolean;
  reason: string;
}

/**
 * Sizes of the folds' classes of a window's labelled finite scores, in the order the scratch holds them:
 * fold 0's positives and negatives, then fold 1's.
 */
export function foldSizes({ predictions, labels }: LabelledWindow): number[] {
  const sizes = [0, 0, 0, 0];
  const folds = scoreFolds(predictions);
  for (let i = 0; i < predictions.length; i++) {
    if (!Number.isFinite(predictions[i]) || (labels[i] !== 0 && labels[i] !== 1)) continue;
    const slot = 2 * (folds[i] as number) + (labels[i] === 1 ? 0 : 1);
    sizes[slot] = (sizes[slot] as number) + 1;
  }
  return sizes;
}

/** Each class's sorted scores split by their fold: each fold's classes stay sorted. */
function fillFolds(classes: SortedClasses, folds: [SortedClasses, SortedClasses]): void {
  for (const side of ['positives', 'negatives'] as const) {
    const values = classes[side];
    const foldOf = scoreFolds(values);
    const next: [number, number] = [0, 0];
    for (let i = 0; i < values.length; i++) {
      const f = foldOf[i] as 0 | 1;
      folds[f][side][next[f]] = values[i] as number;
      next[f] += 1;
    }
  }
}

/** Sum of squared errors of the probabilities given to one class's events. */
function squaredErrors(probabilities: Float64Array, label: 0 | 1): number {
  let sum = 0;
  for (const p of probabilities) sum += (p - label) ** 2;
  return sum;
}

/**
 * Whether to calibrate: the option, or for 'auto' whether isotonic calibration lowers the reference's Brier
 * score out of fold (fitted on one fold, scored on the other, both ways) below the raw scores' Brier score.
 * In-sample, isotonic calibration always lowers it: only the out-of-fold figure can say it does not help.
 */
export function calibrationChoice(
  kernel: Kernel,
  classes: SortedClasses,
  scratch: CalibrationScratch,
  mode: PerformanceOptions['calibration'],
): CalibrationChoice {
  if (mode !== 'auto') {
    return { calibrate: mode === 'isotonic', reason: `calibration ${mode} (option)` };
  }
  const events = classes.positives.length + classes.negatives.length;
  const raw = (squaredErrors(classes.positives, 1) + squaredErrors(classes.negatives, 0)) / events;
  fillFolds(classes, scratch.folds);
  let outOfFold = 0;
  for (const [fit, scored] of [scratch.folds, [...scratch.folds].reverse()] as const) {
    const blocks = kernel.isotonicFit(fit as SortedClasses, scratch.upper, scratch.level, scratch.counts);
    for (const label of [1, 0] as const) {
      const values = (scored as SortedClasses)[label === 1 ? 'positives' : 'negatives'];
      const probabilities = scratch.probabilities.subarray(0, values.length);
      kernel.isotonicApply(values, scratch.upper, scratch.level, blocks, probabilities);
      outOfFold += squaredErrors(probabilities, label);
    }
  }
  outOfFold /= events;
  const figures = `reference Brier ${raw.toFixed(4)} raw, ${outOfFold.toFixed(4)} isotonic out of fold`;
  return outOfFold < raw
    ? { calibrate: true, reason: `calibration isotonic: ${figures}` }
    : { calibrate: false, reason: `calibration none: isotonic does not lower the ${figures}` };
}
