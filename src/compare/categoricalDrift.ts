import type { Kernel } from '../kernel/kernel.js';
import { chiSquareHomogeneity } from '../stats/chiSquareHomogeneity.js';
import { DriftInputError } from './driftInputError.js';
import { driftStatus } from './driftStatus.js';
import type { CompareOptions } from './options.js';
import type { DriftResult, WindowSummary } from './result.js';
import { shares } from './shares.js';

/** A categorical window: one label per row, null where the value is missing. */
export type Categories = readonly (string | null)[];

/** PSI, KL and JS over one bin per category of either window; chi-square of homogeneity on the counts. */
export function categoricalDrift(
  kernel: Kernel,
  reference: Categories,
  current: Categories,
  options: CompareOptions,
): DriftResult {
  if (reference.length === 0) throw new DriftInputError('the reference window is empty');
  if (current.length === 0) throw new DriftInputError('the current window is empty');
  const referenceCounts = countLabels(reference);
  const currentCounts = countLabels(current);
  const labels = [...new Set([...referenceCounts.keys(), ...currentCounts.keys()])].sort();
  const referenceSummary = labelSummary(reference, referenceCounts);
  const currentSummary = labelSummary(current, currentCounts);
  const missingBin = referenceSummary.missing + currentSummary.missing > 0;

  const binCount = labels.length + (missingBin ? 1 : 0);
  const [referenceBins, currentBins, referenceShares, currentShares] = kernel.allocate([
    binCount,
    binCount,
    binCount,
    binCount,
  ]) as [Float64Array, Float64Array, Float64Array, Float64Array];
  labels.forEach((label, i) => {
    referenceBins[i] = referenceCounts.get(label) ?? 0;
    currentBins[i] = currentCounts.get(label) ?? 0;
  });
  if (missingBin) {
    referenceBins[binCount - 1] = referenceSummary.missing;
    currentBins[binCount - 1] = currentSummary.missing;
  }
  shares(referenceBins, missingBin ? reference.length : referenceSummary.count, referenceShares);
  shares(currentBins, missingBin ? current.length : currentSummary.count, currentShares);

  const divergences =
    referenceSummary.count > 0
      ? {
          psi: kernel.psi(referenceShares, currentShares, options.epsilon),
          kl: kernel.kl(referenceShares, currentShares, options.epsilon),
          js: kernel.jsDistance(referenceShares, currentShares),
        }
      : { psi: null, kl: null, js: null };
  const scores = {
    kind: 'categorical' as const,
    reference: referenceSummary,
    current: currentSummary,
    bins: { edges: labels, reference: Array.from(referenceBins), current: Array.from(currentBins) },
    ks: null,
    ...divergences,
    wasserstein: null,
    wassersteinNormed: null,
    chi2: chiSquareOrNull(referenceBins.subarray(0, labels.length), currentBins.subarray(0, labels.length)),
  };
  return { ...scores, status: driftStatus(scores, options) };
}

function countLabels(values: Categories): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

function labelSummary(values: Categories, counts: Map<string, number>): WindowSummary {
  let count = 0;
  for (const n of counts.values()) count += n;
  return { count, missing: values.length - count, mean: null, variance: null, min: null, max: null };
}

// A table with fewer than two categories, or a window with none, has no test: no signal, not an error.
function chiSquareOrNull(reference: Float64Array, current: Float64Array): DriftResult['chi2'] {
  try {
    return chiSquareHomogeneity(reference, current);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
