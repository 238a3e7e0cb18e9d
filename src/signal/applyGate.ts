import { featureStatus } from '../compare/featureStatus.js';
import type { DriftStatus, Gate, Quality } from '../compare/result.js';
import { holm } from './holm.js';

/**
 * The gate over one model's family of tests (its features, its prediction and its realized performance):
 * each gate p-value adjusted by Holm across the family, and a status above ok kept only when its adjusted
 * p-value is below `gateAlpha`; otherwise ok, the status before the gate kept beside it. A feature's quality
 * rules are their own: the gate never lowers them, and its status is the worse of the gated drift and the
 * quality (docs/data-quality.md).
 */
export function applyGate<R extends { gate: Gate | null; status: DriftStatus; quality?: Quality }>(
  results: readonly R[],
  gateAlpha: number,
): R[] {
  const adjusted = holm(results.map((result) => result.gate?.pvalue ?? null));
  return results.map((result, i) => {
    if (result.gate === null) return result;
    const pvalueAdjusted = adjusted[i] ?? null;
    const status = gatedStatus(result.gate.statusBeforeGate, pvalueAdjusted, gateAlpha);
    return {
      ...result,
      gate: { ...result.gate, pvalueAdjusted },
      ...(result.quality === undefined ? { status } : featureStatus(status, result.quality)),
    };
  });
}

function gatedStatus(before: DriftStatus, adjusted: number | null, gateAlpha: number): DriftStatus {
  const raised = before === 'warning' || before === 'alert';
  return raised && adjusted !== null && adjusted >= gateAlpha ? 'ok' : before;
}
