// The overview's order and filter: pure functions over /api/overview's models, so the page and the tests
// share them.
import type { OverviewModel } from '../api/dashboard.js';

/** Worst first: the order of the worker's worst-of (error > alert > warning > insufficient data > ok). */
const statusRank: Readonly<Record<string, number>> = Object.freeze({
  error: 0,
  alert: 1,
  warning: 2,
  insufficient_data: 3,
  ok: 4,
});

const rankOf = (model: OverviewModel) =>
  model.status !== 'production' ? 7 : model.driftStatus === null ? 6 : (statusRank[model.driftStatus] ?? 5);

/** Production models worst first (by status, then by score, highest first, then by name); the others last. */
export function worstFirst(a: OverviewModel, b: OverviewModel): number {
  return (
    rankOf(a) - rankOf(b) ||
    (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY) ||
    (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)
  );
}

export interface OverviewFilter {
  /** A drift status, 'none' for models without a run, or null for all. */
  status: string | null;
  /** Part of the name, any case. */
  search: string;
}

/** The models the filter keeps, worst first. */
export function visibleModels(models: readonly OverviewModel[], filter: OverviewFilter): OverviewModel[] {
  const search = filter.search.trim().toLowerCase();
  return models
    .filter(
      (m) =>
        (filter.status === null ||
          (m.status === 'production' && (m.driftStatus ?? 'none') === filter.status)) &&
        m.model.toLowerCase().includes(search),
    )
    .sort(worstFirst);
}
