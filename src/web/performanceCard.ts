// A model's realized performance as a card in its section: the task, the headline metric (AUC or RMSE) in
// both windows, its change with the bootstrap interval, the status, the other metrics and the labelled
// events, and for a binary classifier its performance estimated from the scores. Built from
// GET /api/performance; a model without labelled events has none.
import type { ModelPerformance, PerformanceMetricSummary } from '../api/dashboard.js';
import { taskSourceOf } from '../api/taskSource.js';
import { formatCount, formatNumber, html, statusBadge, statusClass } from './dom.js';
import { estimatedSection } from './estimatedSection.js';
import { formatChange, formatChangeWithInterval } from './formatChange.js';
import { insufficientReason } from './insufficientReason.js';
import { metricLabel } from './metricLabel.js';

/** The metric's numbers as text that parses back to the same doubles: for scripts and tests. */
function exactValues(element: HTMLElement, metric: PerformanceMetricSummary): void {
  element.dataset.metric = metric.metric;
  element.dataset.reference = String(metric.reference);
  element.dataset.current = String(metric.current);
  element.dataset.change = String(metric.change);
  element.dataset.changeLow = String(metric.changeLow);
  element.dataset.changeHigh = String(metric.changeHigh);
}

function taskText({ task, message }: ModelPerformance): string {
  const source = taskSourceOf(message);
  const from = source === 'inferred' ? ' (inferred)' : source === 'model_metadata' ? ' (model metadata)' : '';
  return `${task.replaceAll('_', ' ')}${from}`;
}

function headlineFacts(headline: PerformanceMetricSummary | undefined): HTMLElement[] {
  if (headline === undefined) return [];
  const values = html(
    'dd',
    { class: 'headline' },
    formatNumber(headline.reference),
    ' → ',
    formatNumber(headline.current),
  );
  exactValues(values, headline);
  return [
    html('dt', {}, `${metricLabel(headline.metric)}, reference → current`),
    values,
    html('dt', {}, 'change [interval]'),
    html(
      'dd',
      { class: 'change' },
      formatChangeWithInterval(headline.change, headline.changeLow, headline.changeHigh),
    ),
  ];
}

function metricsTable(metrics: readonly PerformanceMetricSummary[]): HTMLTableElement | null {
  if (metrics.length === 0) return null;
  const row = (metric: PerformanceMetricSummary) => {
    const tr = html(
      'tr',
      {},
      html('th', { scope: 'row' }, metricLabel(metric.metric)),
      html('td', { class: 'num' }, formatNumber(metric.reference)),
      html('td', { class: 'num' }, formatNumber(metric.current)),
      html('td', { class: 'num' }, formatChange(metric.change)),
    );
    exactValues(tr, metric);
    return tr;
  };
  return html(
    'table',
    { class: 'metrics' },
    html('caption', {}, 'Other metrics'),
    html(
      'thead',
      {},
      html(
        'tr',
        {},
        html('th', { scope: 'col' }, 'metric'),
        ...['reference', 'current', 'change'].map((name) => html('th', { scope: 'col', class: 'num' }, name)),
      ),
    ),
    html('tbody', {}, ...metrics.map(row)),
  );
}

/** The card of a model's latest performance. */
export function performanceCard(performance: ModelPerformance): HTMLElement {
  const [headline, ...others] = performance.metrics;
  const reason = insufficientReason(performance);
  const card = html(
    'section',
    { class: `performance-card ${statusClass(performance.status)}` },
    html('h4', {}, 'Realized performance ', statusBadge(performance.status)),
    html(
      'dl',
      { class: 'facts' },
      html('dt', {}, 'task'),
      html('dd', { class: 'task' }, taskText(performance)),
      ...headlineFacts(headline),
      html('dt', {}, 'labelled events'),
      html(
        'dd',
        { class: 'events' },
        `${formatCount(performance.reference.events)} reference · ${formatCount(performance.current.events)} current`,
      ),
    ),
    reason === null ? null : html('p', { class: 'reason' }, reason),
    metricsTable(others),
    performance.estimated === null ? null : estimatedSection(performance.estimated),
  );
  card.dataset.model = performance.model;
  card.dataset.status = performance.status;
  card.dataset.task = performance.task;
  return card;
}
