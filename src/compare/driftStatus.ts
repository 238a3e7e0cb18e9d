import type { CompareOptions } from './options.js';
import type { DriftResult, DriftStatus } from './result.js';

type Scores = Pick<DriftResult, 'reference' | 'current' | 'psi' | 'ks'>;

/** PSI decides; KS only lifts `ok` to `warning`, and only when both its p-value and its D agree. */
export function driftStatus(scores: Scores, options: CompareOptions): DriftStatus {
  const { reference, current, psi, ks } = scores;
  if (reference.count < options.minCount || current.count < options.minCount || psi === null) {
    return 'insufficient_data';
  }
  if (psi > options.psiAlert) return 'alert';
  if (psi >= options.psiWarning) return 'warning';
  if (ks !== null && ks.pvalue < options.ksPValue && ks.statistic > options.ksStatistic) return 'warning';
  return 'ok';
}
