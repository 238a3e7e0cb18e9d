import { proportionRisePValue } from '../stats/proportionRisePValue.js';
import type { QualityFigures, WindowSummary } from './result.js';

/** Each window's missing rows over its rows, and the p-value of the current's rate being higher. */
export function missingRate(reference: WindowSummary, current: WindowSummary): QualityFigures['missingRate'] {
  const referenceRows = reference.count + reference.missing;
  const currentRows = current.count + current.missing;
  return {
    reference: referenceRows === 0 ? 0 : reference.missing / referenceRows,
    current: currentRows === 0 ? 0 : current.missing / currentRows,
    pvalue: proportionRisePValue(reference.missing, referenceRows, current.missing, currentRows),
  };
}
