import type { LabelCounts } from './labelCounts.js';
import { missingRate } from './missingRate.js';
import type { ColumnTypes, QualityFigures, WindowSummary } from './result.js';

/** The unseen categories a result names: the most frequent; all of them are counted. */
const NAMED = 20;

/** A categorical column's quality figures, from the counts the battery compares. */
export function categoricalQuality(
  reference: LabelCounts,
  current: LabelCounts,
  summaries: { reference: WindowSummary; current: WindowSummary },
  types: ColumnTypes | null,
): QualityFigures {
  const seen = (counts: LabelCounts) => [...counts.counts].filter(([, n]) => n > 0);
  const referenceLabels = seen(reference);
  const currentLabels = seen(current);
  const unseen = currentLabels.filter(([label]) => !((reference.counts.get(label) ?? 0) > 0));
  let unseenRows = 0;
  for (const [, n] of unseen) unseenRows += n;
  const labelled = summaries.current.count;
  return {
    missingRate: missingRate(summaries.reference, summaries.current),
    referenceQuantiles: null,
    outOfRange: null,
    outOfQuantiles: null,
    unseen:
      labelled === 0
        ? null
        : {
            count: unseen.length,
            share: unseenRows / labelled,
            categories: unseen
              .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
              .slice(0, NAMED)
              .map(([label]) => label),
          },
    becameConstant: labelled < 2 ? null : currentLabels.length === 1 && referenceLabels.length >= 2,
    types,
  };
}
