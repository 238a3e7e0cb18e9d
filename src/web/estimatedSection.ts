// The estimated performance inside a model's performance card: the status, how the scores were calibrated,
// each metric estimated in both windows with the current estimate's interval beside the realized value and
// the error where labels have arrived, and the estimated AUC's known error over past runs.
import type { EstimatedMetricSummary, EstimatedPerformanceSummary } from '../api/dashboard.js';
import { linePath } from './charts.js';
import { formatCount, formatNumber, html, statusBadge, statusClass, svg } from './dom.js';
import { formatChange } from './formatChange.js';
import { metricLabel } from './metricLabel.js';

const withInterval = ({ current, currentLow, currentHigh }: EstimatedMetricSummary) =>
  currentLow === null || currentHigh === null
    ? formatNumber(current)
    : `${formatNumber(current)} [${formatNumber(currentLow)}, ${formatNumber(currentHigh)}]`;

function metricsTable(metrics: readonly EstimatedMetricSummary[]): HTMLTableElement {
  const heads = [
    'metric',
    'estimated reference',
    'estimated current [interval]',
    'realized current',
    'error',
  ];
  const row = (metric: EstimatedMetricSummary) => {
    const tr = html(
      'tr',
      {},
      html('th', { scope: 'row' }, metricLabel(metric.metric)),
      html('td', { class: 'num' }, formatNumber(metric.reference)),
      html('td', { class: 'num' }, withInterval(metric)),
      html('td', { class: 'num' }, formatNumber(metric.realizedCurrent)),
      html('td', { class: 'num' }, formatChange(metric.error)),
    );
    // Exact numbers for scripts and tests.
    for (const key of [
      'reference',
      'current',
      'currentLow',
      'currentHigh',
      'realizedCurrent',
      'error',
    ] as const) {
      tr.dataset[key] = String(metric[key]);
    }
    tr.dataset.metric = metric.metric;
    return tr;
  };
  return html(
    'table',
    { class: 'metrics estimated-metrics' },
    html(
      'thead',
      {},
      html(
        'tr',
        {},
        ...heads.map((name, i) => html('th', { scope: 'col', class: i === 0 ? '' : 'num' }, name)),
      ),
    ),
    html('tbody', {}, ...metrics.map(row)),
  );
}

/** The estimated AUC minus the realized one, run by run, around a zero line; or why it is not known. */
function knownError(errors: EstimatedPerformanceSummary['errors']): HTMLElement {
  const box = html('div', { class: 'known-error' });
  box.dataset.errors = JSON.stringify(errors.map((e) => e.error));
  if (errors.length === 0) {
    box.append(
      html(
        'p',
        {},
        "The estimate's error is not known yet: no run's current window had enough labelled events.",
      ),
    );
    return box;
  }
  const [width, height, pad] = [160, 34, 4];
  const top = Math.max(0.02, ...errors.map((e) => Math.abs(e.error)));
  const x = (i: number) =>
    errors.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (errors.length - 1);
  const y = (v: number) => height / 2 - (v / top) * (height / 2 - pad);
  const chart = svg('svg', {
    class: 'sparkline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `Estimated minus realized AUC over the last ${errors.length} runs with labels`,
  });
  chart.append(
    svg('line', { class: 'threshold zero', x1: 0, x2: width, y1: y(0), y2: y(0) }),
    svg('path', {
      class: 'trend',
      d: linePath(
        errors.map((_, i) => x(i)),
        errors.map((e) => y(e.error)),
      ),
    }),
  );
  const meanAbs = errors.reduce((sum, e) => sum + Math.abs(e.error), 0) / errors.length;
  const latest = errors[errors.length - 1]?.error ?? null;
  box.append(
    html(
      'p',
      {},
      `Known error of the estimated AUC over ${errors.length} run${errors.length === 1 ? '' : 's'} with labels: mean |error| ${formatNumber(meanAbs)}, latest ${formatChange(latest)}`,
    ),
    chart,
  );
  return box;
}

export function estimatedSection(estimated: EstimatedPerformanceSummary): HTMLElement {
  const { current } = estimated;
  const section = html(
    'section',
    { class: `estimated ${statusClass(estimated.status)}` },
    html('h5', {}, 'Estimated from the scores ', statusBadge(estimated.status)),
    html('p', { class: 'calibration' }, estimated.message ?? ''),
    html(
      'p',
      { class: 'estimated-events' },
      `${formatCount(current.events)} current events, ${formatCount(current.labelled)} labelled`,
    ),
    metricsTable(estimated.metrics),
    knownError(estimated.errors),
  );
  section.dataset.status = estimated.status;
  return section;
}
