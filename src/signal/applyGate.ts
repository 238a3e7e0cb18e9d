import type { DriftStatus, Gate } from '../compare/result.js';
import { holm } from './holm.js';

/**
 * The gate over one model's family of tests (its features, its prediction and its realized performance):
 * each gate p-value adjusted by Holm across the family, and a status above ok kept only when its adjusted
 * p-value is below `gateAlpha`; otherwise ok, the status before the gate kept beside it.
 */
export function applyGate<R extends { gate: Gate | null; status: DriftStatus }>(
  results: readonly R[],
  gateAlpha: number,
): R[] {
  const adjusted = holm(results.map((result) => result.gate?.pvalue ?? null));
  return results.map((result, i) => {
    if (result.gate === null) return result;
    const pvalueAdjusted = adjusted[i] ?? null;
    return {
      ...result,
      gate: { ...result.gate, pvalueAdjusted },
      status: gatedStatus(result.gate.statusBeforeGate, pvalueAdjusted, gateAlpha),
    };
  });
}

function gatedStatus(before: DriftStatus, adjusted: number | null, gateAlpha: number): DriftStatus {
  const raised = before === 'warning' || before === 'alert';
  return raised && adjusted !== null && adjusted >= gateAlpha ? 'ok' : before;
}
