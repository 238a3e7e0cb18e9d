import type { ModelPerformance, PerformanceMetricSummary } from './api.js';
import { formatCount, formatNumber, html, statusBadge } from './dom.js';

const metricLabels: Readonly<Record<string, string>> = Object.freeze({
  auc: 'ROC AUC',
  log_loss: 'log loss',
  brier: 'Brier score',
  accuracy: 'accuracy',
  positive_rate: 'positive rate',
  rmse: 'RMSE',
  mae: 'MAE',
  mean_error: 'mean error',
});

const signed = (value: number | null) => (value !== null && value > 0 ? '+' : '') + formatNumber(value);

function metricRow(metric: PerformanceMetricSummary): HTMLTableRowElement {
  const interval =
    metric.changeLow === null || metric.changeHigh === null
      ? ''
      : `[${signed(metric.changeLow)}, ${signed(metric.changeHigh)}]`;
  return html(
    'tr',
    {},
    html('th', { scope: 'row' }, metricLabels[metric.metric] ?? metric.metric),
    html('td', { class: 'num' }, formatNumber(metric.reference)),
    html('td', { class: 'num' }, formatNumber(metric.current)),
    html('td', { class: 'num' }, signed(metric.change)),
    html('td', { class: 'num' }, interval),
  );
}

/** A model's realized performance: each metric in both windows, the change and its bootstrap interval. */
export function performanceCard(performance: ModelPerformance): HTMLElement {
  const { reference, current } = performance;
  const card = html(
    'section',
    { class: 'performance-card' },
    html('h4', {}, 'Performance from labels ', statusBadge(performance.status)),
    html(
      'p',
      { class: 'muted' },
      `${performance.message ?? performance.task}; labelled events: ${formatCount(reference.events)} ` +
        `in the reference window, ${formatCount(current.events)} in the current one`,
    ),
    html(
      'table',
      {},
      html(
        'thead',
        {},
        html(
          'tr',
          {},
          ...['metric', 'reference', 'current', 'change', '95% interval of the change'].map((name, i) =>
            html('th', { scope: 'col', class: i === 0 ? undefined : 'num' }, name),
          ),
        ),
      ),
      html('tbody', {}, ...performance.metrics.map(metricRow)),
    ),
  );
  card.dataset.model = performance.model;
  return card;
}
