import type { ModelStatus } from './outcome.js';

const severity: Record<ModelStatus, number> = { ok: 0, insufficient_data: 1, warning: 2, alert: 3, error: 4 };

/** The most severe status: error > alert > warning > insufficient_data > ok. */
export function worstStatus(statuses: Iterable<ModelStatus>): ModelStatus {
  let worst: ModelStatus = 'ok';
  for (const status of statuses) if (severity[status] > severity[worst]) worst = status;
  return worst;
}
