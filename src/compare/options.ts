import {
  boolean,
  checkOptions,
  integer,
  nullable,
  number,
  oneOf,
  positive,
  type Rule,
  shape,
  valid,
} from '../util/optionRules.js';

/**
 * The data-quality rules' thresholds (docs/data-quality.md). A minimum set to null turns its rule off, as
 * does a status of 'ok'.
 */
export interface QualityOptions {
  /** A share or rate test raises its status only when its one-sided p-value is below this ... */
  qualityPValue: number;
  /** ... and the missing rate rose by at least this much (absolute): an alert. */
  missingMinJump: number | null;
  /** ... and at least this share of the current values is outside the reference's [min, max]: a warning. */
  outOfRangeMinShare: number | null;
  /** ... and at least this share is outside the reference's 0.1–99.9% quantiles: a warning. */
  outOfQuantilesMinShare: number | null;
  /** Categories the reference never has, at least this share of the current's labelled rows: a warning. */
  unseenMinShare: number | null;
  /** A column constant in the current window but not in the reference. */
  becameConstantStatus: 'ok' | 'warning' | 'alert';
  /** The column's DuckDB type differs from the one recorded with the reference. */
  typeChangeStatus: 'ok' | 'warning' | 'alert';
}

export const defaultQualityOptions: Readonly<QualityOptions> = Object.freeze({
  qualityPValue: 0.001,
  missingMinJump: 0.05,
  outOfRangeMinShare: 0.01,
  outOfQuantilesMinShare: 0.01,
  unseenMinShare: 0.01,
  becameConstantStatus: 'alert',
  typeChangeStatus: 'alert',
});

const share = nullable(number(0, 1));
const qualityStatus = oneOf('ok', 'warning', 'alert');
const qualityOptionRules: { readonly [K in keyof QualityOptions]-?: Rule } = {
  qualityPValue: number(0, 1),
  missingMinJump: share,
  outOfRangeMinShare: share,
  outOfQuantilesMinShare: share,
  unseenMinShare: share,
  becameConstantStatus: qualityStatus,
  typeChangeStatus: qualityStatus,
};

/** Every threshold of the drift battery and of the data-quality rules. */
export interface CompareOptions extends QualityOptions {
  /** Numeric bins: edges at the reference's quantiles 1/bins ... (bins-1)/bins, deduplicated. */
  bins: number;
  /** The share an empty bin counts as in PSI and KL (not renormalised). */
  epsilon: number;
  /** Treat every value as a category, numbers included. */
  categorical: boolean;
  /** Fewer non-missing values than this in either window gives `insufficient_data`. */
  minCount: number;
  /** PSI at or above this is a warning. */
  psiWarning: number;
  /** PSI above this is an alert. */
  psiAlert: number;
  /** KS lifts `ok` to `warning` only when its p-value is below this ... */
  ksPValue: number;
  /** ... and its statistic above this: with huge samples a tiny p-value alone flags harmless shifts. */
  ksStatistic: number;
  /** Floor of the reference's standard deviation when normalising the Wasserstein distance. */
  stdFloor: number;
  /** The gate against natural variability (docs/signal.md); false keeps the seed's statuses. */
  gate: boolean;
  /** A status above ok stays only when the gate's Holm-adjusted p-value is below this. */
  gateAlpha: number;
  /** The reference's dispersion is measured only from at least this many of its own windows (else 1). */
  gateMinWindows: number;
  /** `auto` finds a cycle when its groups' chi-square p-value is below this ... */
  seasonalityPValue: number;
  /** ... and one group's PSI against the whole reference is at least this. */
  seasonalityMinPsi: number;
}

export const defaultCompareOptions: Readonly<CompareOptions> = Object.freeze({
  bins: 10,
  epsilon: 1e-4,
  categorical: false,
  minCount: 30,
  psiWarning: 0.1,
  psiAlert: 0.25,
  ksPValue: 0.05,
  ksStatistic: 0.1,
  stdFloor: 1e-3,
  gate: true,
  gateAlpha: 0.01,
  gateMinWindows: 8,
  seasonalityPValue: 1e-6,
  seasonalityMinPsi: 0.01,
  ...defaultQualityOptions,
});

// Each bin costs five doubles in the kernel's memory and a quantile per edge: this keeps a task small.
const MAX_BINS = 100_000;

/** What each option may hold; a new option is one line here (the type makes it required). */
export const compareOptionRules = shape<CompareOptions>(
  {
    bins: integer(2, MAX_BINS),
    epsilon: valid((v) => typeof v === 'number' && v > 0 && v < 1, 'a number between 0 and 1, exclusive'),
    categorical: boolean,
    minCount: integer(1),
    psiWarning: number(0),
    psiAlert: number(0),
    ksPValue: number(0, 1),
    ksStatistic: number(0, 1),
    stdFloor: positive,
    gate: boolean,
    gateAlpha: number(0, 1),
    gateMinWindows: integer(1, 1_000_000),
    seasonalityPValue: number(0, 1),
    seasonalityMinPsi: number(0),
    ...qualityOptionRules,
  },
  ({ psiWarning, psiAlert }) =>
    psiWarning <= psiAlert
      ? undefined
      : `psiWarning must be at most psiAlert, got ${psiWarning} > ${psiAlert}`,
);

export function resolveCompareOptions(options: Partial<CompareOptions> = {}): CompareOptions {
  const resolved = { ...defaultCompareOptions, ...options };
  checkOptions(resolved, compareOptionRules);
  return resolved;
}
