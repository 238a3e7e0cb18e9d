import type { QualityOptions } from './options.js';
import type { Quality, QualityFigures, QualitySignal, ShareTest, WindowSummary } from './result.js';

type Raised = 'warning' | 'alert';

/**
 * The quality's status: each figure's rule (docs/data-quality.md), the worst one deciding, the first listed
 * on a tie. A share or a rate raises its status only with at least `minCount` values behind it and a
 * one-sided p-value below `qualityPValue`, so that a small window's noise is no alarm.
 */
export function qualityStatus(
  figures: QualityFigures,
  summaries: { reference: WindowSummary; current: WindowSummary },
  options: QualityOptions & { minCount: number },
): Quality {
  const { reference, current } = summaries;
  const { minCount, qualityPValue } = options;
  const counted = reference.count >= minCount && current.count >= minCount;
  const tested = (test: ShareTest | null, min: number | null) =>
    counted && test !== null && min !== null && test.share >= min && test.pvalue < qualityPValue;
  const { missingRate, unseen, types } = figures;
  const rules: [QualitySignal, Raised | 'ok', boolean][] = [
    [
      'missing_rate',
      'alert',
      reference.count + reference.missing >= minCount &&
        current.count + current.missing >= minCount &&
        options.missingMinJump !== null &&
        missingRate.current - missingRate.reference >= options.missingMinJump &&
        missingRate.pvalue !== null &&
        missingRate.pvalue < qualityPValue,
    ],
    ['out_of_range', 'warning', tested(figures.outOfRange, options.outOfRangeMinShare)],
    ['out_of_quantiles', 'warning', tested(figures.outOfQuantiles, options.outOfQuantilesMinShare)],
    [
      'unseen_categories',
      'warning',
      current.count >= minCount &&
        unseen !== null &&
        options.unseenMinShare !== null &&
        unseen.count > 0 &&
        unseen.share >= options.unseenMinShare,
    ],
    [
      'became_constant',
      options.becameConstantStatus,
      current.count >= minCount && figures.becameConstant === true,
    ],
    [
      'type_change',
      options.typeChangeStatus,
      types !== null && types.reference !== null && types.reference !== types.current,
    ],
  ];
  let status: Quality['status'] = 'ok';
  let signal: QualitySignal | null = null;
  for (const [name, raised, holds] of rules) {
    if (holds && raised !== 'ok' && (status === 'ok' || (status === 'warning' && raised === 'alert'))) {
      status = raised;
      signal = name;
    }
  }
  return { ...figures, status, signal };
}
