import type { ModelOutcome, RunSummary } from '../run/outcome.js';

const fixed = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined ? '-' : value.toFixed(digits);

/** The performance status and the headline metric in both windows: `alert: auc 0.778 -> 0.486`. */
function performanceCell({ performance }: ModelOutcome): string {
  if (performance === null) return '-';
  const [headline] = performance.result.metrics;
  const change = headline
    ? `: ${headline.metric} ${fixed(headline.reference, 3)} -> ${fixed(headline.current, 3)}`
    : '';
  return `${performance.result.status}${change}`;
}

/**
 * `fraud_detector: estimated alert: auc 0.830 -> 0.560 [0.521, 0.598], 400 events, 0 labelled (calibration
 * isotonic)` for a binary classifier: its performance estimated from the current window's scores.
 */
function estimatedLine({ model, performance }: ModelOutcome): string[] {
  const estimated = performance?.result.estimated;
  const auc = estimated?.metrics[0];
  if (!estimated || auc === undefined) return [];
  const interval =
    auc.currentLow === null ? '' : ` [${fixed(auc.currentLow, 3)}, ${fixed(auc.currentHigh, 3)}]`;
  const known =
    auc.error === null ? '' : `, error ${fixed(auc.error, 3)} against ${estimated.currentLabelled} labels`;
  const events = `${estimated.currentEvents} events, ${estimated.currentLabelled} labelled`;
  return [
    `${model}: estimated ${estimated.status}: auc ${fixed(auc.reference, 3)} -> ${fixed(auc.current, 3)}${interval}, ${events}${known} (calibration ${estimated.calibration})`,
  ];
}

/** `churn_predictor: reference pinned to [from, to), 8 profiles stored` for a model with a pinned reference. */
function baselineLine({ model, baseline }: ModelOutcome): string[] {
  if (baseline === null) return [];
  const { from, to, profilesRead, profilesStored } = baseline;
  const profiles = (count: number, how: string) =>
    count > 0 ? [`${count} profile${count === 1 ? '' : 's'} ${how}`] : [];
  const how = [...profiles(profilesRead, 'read'), ...profiles(profilesStored, 'stored')];
  const range = `[${from.toISOString()}, ${to.toISOString()})`;
  return [`${model}: reference pinned to ${range}${how.length > 0 ? `, ${how.join(', ')}` : ''}`];
}

/**
 * `churn_predictor: cycles 1 weekly, 2 daily, 3 none; 2 within natural variability`: how each column's
 * reference was matched to the current window's season, and how many flags the gate held back.
 */
function signalLine({ model, features, prediction }: ModelOutcome): string[] {
  const results = [...features, ...(prediction ? [prediction] : [])].map((f) => f.result);
  const cycles = { week: 0, day: 0, none: 0 };
  for (const { seasonality } of results) if (seasonality) cycles[seasonality.cycle]++;
  const named = { week: 'weekly', day: 'daily', none: 'none' } as const;
  const counted = (['week', 'day', 'none'] as const).filter((cycle) => cycles[cycle] > 0);
  const gated = results.filter(
    ({ gate, status }) => gate !== null && gate.statusBeforeGate !== status,
  ).length;
  const parts = [
    ...(counted.length > 0
      ? [`cycles ${counted.map((cycle) => `${cycles[cycle]} ${named[cycle]}`).join(', ')}`]
      : []),
    ...(gated > 0 ? [`${gated} within natural variability`] : []),
  ];
  return parts.length === 0 ? [] : [`${model}: ${parts.join('; ')}`];
}

/**
 * The run as a plain-text table: one line per model, its performance, its worst features by PSI; then a line
 * per model with an estimated performance, one per model whose reference is pinned, and one per model saying
 * its columns' cycles and how many flags the gate held back.
 */
export function summaryTable(summary: RunSummary, worstFeatures = 3): string {
  const rows = summary.models.map((model) => {
    const worst = [...model.features]
      .sort((a, b) => (b.result.psi ?? -1) - (a.result.psi ?? -1))
      .slice(0, worstFeatures)
      .map((f) => `${f.feature} (PSI ${fixed(f.result.psi, 3)}, KS ${fixed(f.result.ks?.statistic, 3)})`)
      .join(', ');
    return [model.model, model.status, fixed(model.score), performanceCell(model), model.error ?? worst];
  });
  const header = ['model', 'status', 'score', 'performance', 'worst features'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const seconds = (summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000;
  return [
    line(header),
    ...rows.map(line),
    ...summary.models.flatMap(estimatedLine),
    ...summary.models.flatMap(baselineLine),
    ...summary.models.flatMap(signalLine),
    '',
    `run ${summary.runId}: ${summary.outcome}, ${summary.models.length} models in ${seconds.toFixed(1)} s`,
  ].join('\n');
}
