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
});

export function resolvePerformanceOptions(options: Partial<PerformanceOptions> = {}): PerformanceOptions {
  const resolved = { ...defaultPerformanceOptions, ...options };
  const checks: [keyof PerformanceOptions, boolean, string][] = [
    ['threshold', resolved.threshold >= 0 && resolved.threshold <= 1, 'between 0 and 1'],
    [
      'minEvents',
      Number.isInteger(resolved.minEvents) && resolved.minEvents >= 2,
      'an integer of at least 2',
    ],
    [
      'resamples',
      Number.isInteger(resolved.resamples) && resolved.resamples >= 2,
      'an integer of at least 2',
    ],
    [
      'seed',
      Number.isInteger(resolved.seed) && resolved.seed >= 0 && resolved.seed < 2 ** 32,
      'a 32-bit unsigned integer',
    ],
    ['confidence', resolved.confidence > 0 && resolved.confidence < 1, 'between 0 and 1'],
    ['aucWarning', resolved.aucWarning >= 0, 'at least 0'],
    ['aucAlert', resolved.aucAlert >= resolved.aucWarning, 'at least aucWarning'],
    ['rmseWarning', resolved.rmseWarning >= 0, 'at least 0'],
    ['rmseAlert', resolved.rmseAlert >= resolved.rmseWarning, 'at least rmseWarning'],
  ];
  for (const [name, valid, rule] of checks) {
    if (!valid) throw new RangeError(`performance.${name} must be ${rule}, got ${resolved[name]}`);
  }
  return resolved;
}
