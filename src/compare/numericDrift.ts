import type { Kernel } from '../kernel/kernel.js';
import { ksPValue } from '../stats/ksPValue.js';
import { moodScaleTest } from '../stats/moodScaleTest.js';
import { binEdges } from './binEdges.js';
import { DriftInputError } from './driftInputError.js';
import { driftStatus } from './driftStatus.js';
import { numericQuality } from './numericQuality.js';
import type { CompareOptions } from './options.js';
import { qualityStatus } from './qualityStatus.js';
import type { BatteryResult, ColumnTypes } from './result.js';
import { shares } from './shares.js';
import { sortedFinite } from './sortedFinite.js';
import { windowSummary } from './windowSummary.js';

/** Every buffer one numeric comparison needs, in the kernel's memory. */
export interface NumericTask {
  /** Fill with the window's values; NaN and ±Infinity count as missing. */
  reference: Float64Array;
  current: Float64Array;
  edges: Float64Array;
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  referenceShares: Float64Array;
  currentShares: Float64Array;
}

export function allocateNumericTask(
  kernel: Kernel,
  referenceRows: number,
  currentRows: number,
  bins: number,
): NumericTask {
  const { more: _, ...task } = allocateNumericBuffers(kernel, referenceRows, currentRows, bins, []);
  return task;
}

/** A numeric task's buffers and `more` arrays of the given lengths after them, in one allocation. */
export function allocateNumericBuffers(
  kernel: Kernel,
  referenceRows: number,
  currentRows: number,
  bins: number,
  more: readonly number[],
): NumericTask & { more: Float64Array[] } {
  // bins - 1 edges make bins bins, and one more may hold the missing values.
  const [reference, current, edges, referenceCounts, currentCounts, referenceShares, currentShares, ...rest] =
    kernel.allocate([
      referenceRows,
      currentRows,
      bins - 1,
      bins + 1,
      bins + 1,
      bins + 1,
      bins + 1,
      ...more,
    ]) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      ...Float64Array[],
    ];
  return {
    reference,
    current,
    edges,
    referenceCounts,
    currentCounts,
    referenceShares,
    currentShares,
    more: rest,
  };
}

/**
 * The whole battery for one numeric feature, its quality figures with it. Each sample is sorted once; every
 * statistic reads it sorted. `sortedReference`: the reference's finite values are already sorted at the front
 * of `task.reference` (sortedFinite), this many of them.
 */
export function numericDrift(
  kernel: Kernel,
  task: NumericTask,
  options: CompareOptions,
  types: ColumnTypes | null = null,
  sortedReference: number | null = null,
): BatteryResult {
  const referenceRows = task.reference.length;
  const currentRows = task.current.length;
  if (referenceRows === 0) throw new DriftInputError('the reference window is empty');
  if (currentRows === 0) throw new DriftInputError('the current window is empty');

  const reference =
    sortedReference === null
      ? sortedFinite(kernel, task.reference)
      : task.reference.subarray(0, sortedReference);
  const current = sortedFinite(kernel, task.current);
  const referenceSummary = windowSummary(kernel, reference, referenceRows);
  const currentSummary = windowSummary(kernel, current, currentRows);

  const histogram =
    reference.length > 0 ? binnedDivergences(kernel, task, reference, current, options) : null;
  const distances =
    reference.length > 0 && current.length > 0 ? kernel.ecdfDistances(reference, current) : null;
  const ks = distances === null ? null : ksTest(kernel, distances.ks, reference, current);
  const wasserstein = distances?.wasserstein ?? null;
  const populationStd = Math.sqrt(
    ((referenceSummary.variance ?? 0) * (reference.length - 1)) / reference.length,
  );

  const scores = {
    kind: 'numeric' as const,
    reference: referenceSummary,
    current: currentSummary,
    bins: histogram?.bins ?? { edges: [], reference: [], current: [] },
    ks,
    psi: histogram?.psi ?? null,
    kl: histogram?.kl ?? null,
    js: histogram?.js ?? null,
    wasserstein,
    wassersteinNormed: wasserstein === null ? null : wasserstein / Math.max(populationStd, options.stdFloor),
    chi2: null,
    // The ECDF walk gave Mood's untied sum already (NaN on a tie): no walk of its own unless a value repeats.
    mood: distances === null ? null : moodScaleTest(current, reference, () => distances.mood),
  };
  const summaries = { reference: referenceSummary, current: currentSummary };
  const figures = numericQuality(kernel, reference, current, summaries, types);
  return {
    ...scores,
    quality: qualityStatus(figures, summaries, options),
    status: driftStatus(scores, options),
  };
}

function ksTest(
  kernel: Kernel,
  statistic: number,
  reference: Float64Array,
  current: Float64Array,
): BatteryResult['ks'] {
  return { statistic, ...ksPValue(statistic, reference.length, current.length, kernel.smirnovSum) };
}

function binnedDivergences(
  kernel: Kernel,
  task: NumericTask,
  reference: Float64Array,
  current: Float64Array,
  options: CompareOptions,
) {
  const edges = binEdges(kernel, reference, options.bins, task.edges);
  const referenceMissing = task.reference.length - reference.length;
  const currentMissing = task.current.length - current.length;
  const missingBin = referenceMissing + currentMissing > 0;
  const binCount = edges.length + 1 + (missingBin ? 1 : 0);
  const referenceCounts = task.referenceCounts.subarray(0, binCount);
  const currentCounts = task.currentCounts.subarray(0, binCount);
  kernel.countBins(reference, edges, referenceCounts);
  kernel.countBins(current, edges, currentCounts);
  if (missingBin) {
    referenceCounts[binCount - 1] = referenceMissing;
    currentCounts[binCount - 1] = currentMissing;
  }
  const referenceShares = shares(
    referenceCounts,
    missingBin ? task.reference.length : reference.length,
    task.referenceShares.subarray(0, binCount),
  );
  const currentShares = shares(
    currentCounts,
    missingBin ? task.current.length : current.length,
    task.currentShares.subarray(0, binCount),
  );
  return {
    bins: {
      edges: Array.from(edges),
      reference: Array.from(referenceCounts),
      current: Array.from(currentCounts),
    },
    psi: kernel.psi(referenceShares, currentShares, options.epsilon),
    kl: kernel.kl(referenceShares, currentShares, options.epsilon),
    js: kernel.jsDistance(referenceShares, currentShares),
  };
}
