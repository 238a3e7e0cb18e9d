import type { DriftResult, DriftStatus, Quality } from './result.js';

/**
 * A feature's status: the worst of its drift (after the gate) and its quality (alert > warning >
 * insufficient_data > ok, as a model's), and which of them decided: the quality only when strictly worse.
 */
export function featureStatus(
  driftStatus: DriftStatus,
  quality: Pick<Quality, 'status'>,
): Pick<DriftResult, 'status' | 'driftStatus' | 'statusSource'> {
  const worse =
    quality.status === 'alert'
      ? driftStatus !== 'alert'
      : quality.status === 'warning' && (driftStatus === 'ok' || driftStatus === 'insufficient_data');
  return worse
    ? { status: quality.status, driftStatus, statusSource: 'quality' }
    : { status: driftStatus, driftStatus, statusSource: 'drift' };
}
