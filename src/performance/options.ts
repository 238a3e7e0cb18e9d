import { integer, number, oneOf, shape, valid } from '../util/optionRules.js';

/** Every threshold of the performance comparison. */
export interface PerformanceOptions {
  /** A binary prediction at or above this counts as a positive for accuracy. */
  threshold: number;
  /** Fewer labelled events than this in either window gives `insufficient_data`. */
  minEvents: number;
  /** Bootstrap resamples of the change between the windows. */
  resamples: number;
  /** Seed of the bootstrap's generator: the same seed and rows give the same interval. */
  seed: number;
  /** Coverage of the bootstrap interval of the change (a percentile interval). */
  confidence: number;
  /** A fall of the AUC by more than this is a warning (when the interval excludes no change) ... */
  aucWarning: number;
  /** ... and by more than this an alert. */
  aucAlert: number;
  /** A rise of the RMSE by more than this share of the reference's is a warning (interval above 0) ... */
  rmseWarning: number;
  /** ... and by more than this share an alert. */
  rmseAlert: number;
  /**
   * The estimated performance's calibration on the reference's labelled events: 'isotonic' always,
   * 'none' (the scores taken as calibrated probabilities), or 'auto': isotonic when it lowers the
   * reference's Brier score out of fold, else none.
   */
  calibration: 'auto' | 'isotonic' | 'none';
}

export const defaultPerformanceOptions: Readonly<PerformanceOptions> = Object.freeze({
  threshold: 0.5,
  minEvents: 30,
  resamples: 200,
  seed: 12,
  confidence: 0.95,
  aucWarning: 0.02,
  aucAlert: 0.05,
  rmseWarning: 0.1,
  rmseAlert: 0.25,
  calibration: 'auto',
});

const atMost =
  (low: 'aucWarning' | 'rmseWarning', high: 'aucAlert' | 'rmseAlert') => (options: PerformanceOptions) =>
    options[low] <= options[high]
      ? undefined
      : `${low} must be at most ${high}, got ${options[low]} > ${options[high]}`;

/** What each option may hold; a new option is one line here (the type makes it required). */
export const performanceOptionRules = shape<PerformanceOptions>(
  {
    threshold: number(0, 1),
    minEvents: integer(2),
    // Each resample walks both windows once: the bound keeps a typo from running for hours.
    resamples: integer(2, 100_000),
    seed: integer(0, 2 ** 32 - 1),
    confidence: valid((v) => typeof v === 'number' && v > 0 && v < 1, 'a number between 0 and 1, exclusive'),
    aucWarning: number(0, 1),
    aucAlert: number(0, 1),
    rmseWarning: number(0),
    rmseAlert: number(0),
    calibration: oneOf('auto', 'isotonic', 'none'),
  },
  atMost('aucWarning', 'aucAlert'),
  atMost('rmseWarning', 'rmseAlert'),
);
