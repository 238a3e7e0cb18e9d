import type { CompareOptions } from '../compare/options.js';
import type { DriftThresholds } from '../events/driftEvent.js';
import type { PerformanceOptions } from '../performance/options.js';
import { integer, number, shape } from '../util/optionRules.js';

/** The thresholds a run decides statuses with, out of its compare and performance options. */
export function thresholdsOf(
  { psiWarning, psiAlert, ksPValue, ksStatistic, minCount, gateAlpha }: CompareOptions,
  { aucWarning, aucAlert, rmseWarning, rmseAlert, minEvents }: PerformanceOptions,
): DriftThresholds {
  return {
    psiWarning,
    psiAlert,
    ksPValue,
    ksStatistic,
    minCount,
    gateAlpha,
    aucWarning,
    aucAlert,
    rmseWarning,
    rmseAlert,
    minEvents,
  };
}

/** What each threshold may hold in a publisher's options. */
export const thresholdRules = shape<DriftThresholds>({
  psiWarning: number(0),
  psiAlert: number(0),
  ksPValue: number(0, 1),
  ksStatistic: number(0, 1),
  minCount: integer(1),
  gateAlpha: number(0, 1),
  aucWarning: number(0),
  aucAlert: number(0),
  rmseWarning: number(0),
  rmseAlert: number(0),
  minEvents: integer(1),
});
