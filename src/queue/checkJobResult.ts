import {
  type Bins,
  type DriftResult,
  type Quality,
  qualitySignals,
  type ShareTest,
  type WindowSummary,
} from '../compare/result.js';
import type {
  EstimatedMetric,
  EstimatedPerformance,
  PerformanceGate,
  PerformanceMetric,
  PerformanceResult,
} from '../performance/result.js';
import { estimatedMetricNames, performanceTasks } from '../performance/result.js';
import type { BaselineUse, FeatureOutcome, ModelOutcome, PerformanceOutcome } from '../run/outcome.js';
import type { WindowInfo } from '../store/driftResultColumns.js';
import type { ModelRow } from '../store/productionModels.js';
import {
  boolean,
  date,
  finite,
  integer,
  list,
  nullable,
  number,
  oneOf,
  type Rule,
  shape,
  valid,
} from '../util/optionRules.js';
import type { ModelJobResult } from './modelJob.js';

// What drift_results, model_metadata and the outbox may hold, as a local run writes them: every number
// finite, counts whole and not negative, p-values in [0, 1], statuses and kinds from their enums.
const count = integer(0);
const probability = number(0, 1);
const string = valid((value) => typeof value === 'string', 'a string');
const driftStatus = oneOf('ok', 'warning', 'alert', 'insufficient_data');

const windowInfo = shape<WindowInfo>({
  start: count,
  end: count,
  stride: count,
  rows: count,
  firstTime: nullable(finite),
  lastTime: nullable(finite),
});

const summary = shape<WindowSummary>({
  count,
  missing: count,
  mean: nullable(finite),
  variance: nullable(number(0)),
  min: nullable(finite),
  max: nullable(finite),
});

const shareTest = nullable(shape<ShareTest>({ share: probability, pvalue: probability }));
const quality = shape<Quality>({
  missingRate: shape<Quality['missingRate']>({
    reference: probability,
    current: probability,
    pvalue: nullable(probability),
  }),
  referenceQuantiles: nullable(
    shape<NonNullable<Quality['referenceQuantiles']>>({ low: finite, high: finite }),
  ),
  outOfRange: shareTest,
  outOfQuantiles: shareTest,
  unseen: nullable(
    shape<NonNullable<Quality['unseen']>>({ count, share: probability, categories: list(string) }),
  ),
  becameConstant: nullable(boolean),
  types: nullable(shape<NonNullable<Quality['types']>>({ reference: nullable(string), current: string })),
  status: oneOf('ok', 'warning', 'alert'),
  signal: nullable(oneOf(...qualitySignals)),
});

const driftResult = shape<DriftResult>({
  kind: oneOf('numeric', 'categorical'),
  reference: summary,
  current: summary,
  bins: shape<Bins>({
    edges: valid(
      (v) =>
        Array.isArray(v) &&
        (v.every((e) => typeof e === 'string') ||
          v.every((e) => typeof e === 'number' && Number.isFinite(e))),
      'finite numbers or strings',
    ),
    reference: list(number(0)),
    current: list(number(0)),
  }),
  ks: nullable(
    shape<NonNullable<DriftResult['ks']>>({
      statistic: probability,
      pvalue: probability,
      method: oneOf('exact', 'asymp'),
    }),
  ),
  psi: nullable(finite),
  kl: nullable(finite),
  js: nullable(finite),
  wasserstein: nullable(finite),
  wassersteinNormed: nullable(finite),
  chi2: nullable(
    shape<NonNullable<DriftResult['chi2']>>({ statistic: finite, pvalue: probability, dof: count }),
  ),
  mood: nullable(shape<NonNullable<DriftResult['mood']>>({ statistic: finite, pvalue: probability })),
  quality,
  status: driftStatus,
  driftStatus,
  statusSource: oneOf('drift', 'quality'),
  seasonality: nullable(
    shape<NonNullable<DriftResult['seasonality']>>({
      cycle: oneOf('none', 'day', 'week'),
      reason: string,
      referencePhase: string,
    }),
  ),
  gate: nullable(
    shape<NonNullable<DriftResult['gate']>>({
      dispersion: number(1),
      windows: count,
      pvalue: nullable(probability),
      pvalueAdjusted: nullable(probability),
      statusBeforeGate: driftStatus,
    }),
  ),
});

const featureOutcome = (feature: Rule) =>
  shape<FeatureOutcome>({ feature, result: driftResult, reference: windowInfo, current: windowInfo });

const estimated = shape<EstimatedPerformance>({
  calibration: oneOf('isotonic', 'none'),
  calibrationReason: string,
  referenceEvents: count,
  currentEvents: count,
  currentLabelled: count,
  metrics: list(
    shape<EstimatedMetric>({
      metric: oneOf(...estimatedMetricNames),
      reference: nullable(finite),
      current: nullable(finite),
      change: nullable(finite),
      changeLow: nullable(finite),
      changeHigh: nullable(finite),
      currentLow: nullable(finite),
      currentHigh: nullable(finite),
      realizedReference: nullable(finite),
      realizedCurrent: nullable(finite),
      error: nullable(finite),
    }),
  ),
  status: driftStatus,
});

const performanceOutcome = shape<PerformanceOutcome>({
  result: shape<PerformanceResult>({
    task: oneOf(...performanceTasks),
    taskSource: oneOf('model_metadata', 'inferred'),
    referenceEvents: count,
    currentEvents: count,
    referenceMissing: count,
    currentMissing: count,
    metrics: list(
      shape<PerformanceMetric>({
        metric: oneOf('auc', 'log_loss', 'brier', 'accuracy', 'positive_rate', 'rmse', 'mae', 'mean_error'),
        reference: nullable(finite),
        current: nullable(finite),
        change: nullable(finite),
        changeLow: nullable(finite),
        changeHigh: nullable(finite),
      }),
    ),
    status: driftStatus,
    gate: nullable(
      shape<PerformanceGate>({
        dispersion: number(0),
        windows: count,
        pvalue: nullable(probability),
        pvalueAdjusted: nullable(probability),
        statusBeforeGate: driftStatus,
        referenceSpread: number(0),
      }),
    ),
    estimated: nullable(estimated),
  }),
  reference: windowInfo,
  current: windowInfo,
  estimatedCurrent: nullable(windowInfo),
});

const baselineUse = shape<BaselineUse>({
  from: date,
  to: date,
  origin: oneOf('model_metadata', 'windows.historical'),
  profilesRead: count,
  profilesStored: count,
  warnings: list(string),
});

/** The rules for the result of one model's job: its outcome is that model's, its features the model's. */
function resultRules(model: ModelRow): Rule {
  const outcome = shape<ModelOutcome>(
    {
      model: oneOf(model.model),
      status: oneOf('ok', 'warning', 'alert', 'insufficient_data', 'error'),
      score: nullable(finite),
      scoreSource: nullable(oneOf('prediction', 'max_feature_psi')),
      features: list(featureOutcome(oneOf(...model.features))),
      prediction: nullable(featureOutcome(string)),
      performance: nullable(performanceOutcome),
      error: nullable(string),
      rowsAnalyzed: count,
      rowsRead: count,
      baseline: nullable(baselineUse),
      // A worker never stores a profile: it has no place in a result.
      baselineProfiles: valid((v) => Array.isArray(v) && v.length === 0, 'empty (a worker stores none)'),
    },
    ({ features }) =>
      new Set(features.map((f) => f.feature)).size === features.length
        ? undefined
        : 'features must name each feature once',
  );
  return shape<ModelJobResult>({ outcome, computeMs: number(0), workMs: number(0) });
}

/**
 * A worker's result, checked against the job it answers before anything of it is written: a RangeError
 * naming every problem in one line otherwise.
 */
export function checkJobResult(value: unknown, model: ModelRow): ModelJobResult {
  const problems = resultRules(model)(value, 'result');
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return value as ModelJobResult;
}
