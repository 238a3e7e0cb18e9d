import { featureStatus } from '../compare/featureStatus.js';
import type { DriftResult, DriftStatus } from '../compare/result.js';
import { holm } from './holm.js';

/**
 * The gate over one model's family of tests (its features and its prediction): each gate p-value adjusted
 * by Holm across the family, and a status above ok kept only when its adjusted p-value is below `gateAlpha`;
 * otherwise ok, the status before the gate kept beside it. The quality's rules are their own: the gate
 * never lowers them, and the feature's status is the worse of the gated drift and the quality.
 */
export function applyGate(results: readonly DriftResult[], gateAlpha: number): DriftResult[] {
  const adjusted = holm(results.map((result) => result.gate?.pvalue ?? null));
  return results.map((result, i) => {
    if (result.gate === null) return result;
    const pvalueAdjusted = adjusted[i] ?? null;
    return {
      ...result,
      gate: { ...result.gate, pvalueAdjusted },
      ...featureStatus(gatedStatus(result.gate.statusBeforeGate, pvalueAdjusted, gateAlpha), result.quality),
    };
  });
}

function gatedStatus(before: DriftStatus, adjusted: number | null, gateAlpha: number): DriftStatus {
  const raised = before === 'warning' || before === 'alert';
  return raised && adjusted !== null && adjusted >= gateAlpha ? 'ok' : before;
}
