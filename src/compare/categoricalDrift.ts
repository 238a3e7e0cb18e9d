import type { Kernel } from '../kernel/kernel.js';
import { chiSquareHomogeneity } from '../stats/chiSquareHomogeneity.js';
import { TooFewCategoriesError } from '../stats/tooFewCategoriesError.js';
import { categoricalQuality } from './categoricalQuality.js';
import { DriftInputError } from './driftInputError.js';
import { driftStatus } from './driftStatus.js';
import type { LabelCounts } from './labelCounts.js';
import type { CompareOptions } from './options.js';
import { qualityStatus } from './qualityStatus.js';
import type { BatteryResult, ColumnTypes, WindowSummary } from './result.js';
import { shares } from './shares.js';

/**
 * PSI, KL and JS over one bin per category of either window; chi-square of homogeneity on the counts; the
 * quality figures from the same counts.
 */
export function categoricalDrift(
  kernel: Kernel,
  reference: LabelCounts,
  current: LabelCounts,
  options: CompareOptions,
  types: ColumnTypes | null = null,
): BatteryResult {
  const referenceSummary = labelSummary(reference);
  const currentSummary = labelSummary(current);
  const referenceRows = referenceSummary.count + referenceSummary.missing;
  const currentRows = currentSummary.count + currentSummary.missing;
  if (referenceRows === 0) throw new DriftInputError('the reference window is empty');
  if (currentRows === 0) throw new DriftInputError('the current window is empty');
  const labels = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();
  const missingBin = referenceSummary.missing + currentSummary.missing > 0;

  const binCount = labels.length + (missingBin ? 1 : 0);
  const [referenceBins, currentBins, referenceShares, currentShares] = kernel.allocate([
    binCount,
    binCount,
    binCount,
    binCount,
  ]) as [Float64Array, Float64Array, Float64Array, Float64Array];
  labels.forEach((label, i) => {
    referenceBins[i] = reference.counts.get(label) ?? 0;
    currentBins[i] = current.counts.get(label) ?? 0;
  });
  if (missingBin) {
    referenceBins[binCount - 1] = referenceSummary.missing;
    currentBins[binCount - 1] = currentSummary.missing;
  }
  shares(referenceBins, missingBin ? referenceRows : referenceSummary.count, referenceShares);
  shares(currentBins, missingBin ? currentRows : currentSummary.count, currentShares);

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
    mood: null,
    chi2: chiSquareOrNull(referenceBins.subarray(0, labels.length), currentBins.subarray(0, labels.length)),
  };
  const summaries = { reference: referenceSummary, current: currentSummary };
  const figures = categoricalQuality(reference, current, summaries, types);
  return {
    ...scores,
    quality: qualityStatus(figures, summaries, options),
    status: driftStatus(scores, options),
  };
}

function labelSummary({ counts, missing }: LabelCounts): WindowSummary {
  let count = 0;
  for (const n of counts.values()) count += n;
  return { count, missing, mean: null, variance: null, min: null, max: null };
}

// A table with fewer than two categories, or a window with none, has no test: no signal, not an error. A
// count that is negative or not a number is a fault upstream and surfaces.
function chiSquareOrNull(reference: Float64Array, current: Float64Array): BatteryResult['chi2'] {
  try {
    return chiSquareHomogeneity(reference, current);
  } catch (error) {
    if (error instanceof TooFewCategoriesError) return null;
    throw error;
  }
}
