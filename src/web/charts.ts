// The page's two SVG charts: a feature's PSI over past runs, and its two histograms overlaid.
import type { FeatureDetailResponse, HistoryPoint } from './api.js';
import { formatCount, formatNumber, statusClass, statusLabel, svg } from './dom.js';

/** A small line chart of PSI by run, oldest first; dashed lines at the thresholds it reaches. */
export function sparkline(
  points: readonly HistoryPoint[],
  thresholds: { warning: number; alert: number },
): SVGSVGElement {
  const width = 160;
  const height = 34;
  const pad = 4;
  const values = points.map((p) => p.psi ?? 0);
  const top = Math.max(thresholds.alert * 1.2, ...values);
  const x = (i: number) =>
    points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v: number) => height - pad - (v / top) * (height - 2 * pad);
  const chart = svg('svg', {
    class: 'sparkline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `PSI over the last ${points.length} runs`,
  });
  for (const [name, value] of Object.entries(thresholds)) {
    chart.append(svg('line', { class: `threshold ${name}`, x1: 0, x2: width, y1: y(value), y2: y(value) }));
  }
  if (points.length > 1) {
    const path = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: 'trend', points: path }));
  }
  points.forEach((point, i) => {
    const last = i === points.length - 1;
    chart.append(
      svg(
        'circle',
        { class: `point ${statusClass(point.status)}`, cx: x(i), cy: y(values[i] ?? 0), r: last ? 3 : 2 },
        svg(
          'title',
          {},
          `${point.computedAt}: PSI ${formatNumber(point.psi)} (${statusLabel(point.status)})`,
        ),
      ),
    );
  });
  return chart;
}

/** The label of each bin: the category, or the numeric interval between two edges; then 'missing'. */
export function binLabels(detail: FeatureDetailResponse): string[] {
  const bins = detail.reference.histogram.length;
  const labels =
    detail.kind === 'categorical' ? [...(detail.categories ?? [])] : numericBinLabels(detail.binEdges ?? []);
  if (detail.missingBin) labels.push('missing');
  while (labels.length < bins) labels.push(`bin ${labels.length + 1}`);
  return labels.slice(0, bins);
}

function numericBinLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  const e = edges.map((edge) => formatNumber(edge));
  return [`< ${e[0]}`, ...e.slice(1).map((edge, i) => `${e[i]} – ${edge}`), `≥ ${e[e.length - 1]}`];
}

const shares = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (total > 0 ? n / total : 0));
};

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;

/**
 * The reference and current histograms as shares of their windows, overlaid bin by bin: a wide pale bar
 * for the reference, a narrower one for the current window on top of it.
 */
export function histogramChart(detail: FeatureDetailResponse): SVGSVGElement {
  const labels = binLabels(detail);
  const bins = labels.length;
  // Long or many labels are turned, and need room below the plot.
  const rotate = bins > 8 || labels.some((label) => label.length > 9);
  const margin = { top: 12, right: 12, bottom: rotate ? 64 : 28, left: 48 };
  const width = 600;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = 204;
  const height = margin.top + plotHeight + margin.bottom;
  const reference = shares(detail.reference.histogram);
  const current = shares(detail.current.histogram);
  const slot = plotWidth / Math.max(bins, 1);
  const highest = Math.max(0.01, ...reference, ...current);
  const step = niceCeiling(highest / 5);
  const top = Math.ceil(highest / step - 1e-9) * step;
  const y = (share: number) => margin.top + plotHeight - (share / top) * plotHeight;

  const chart = svg('svg', {
    class: 'histogram',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `Reference and current histograms of ${detail.feature}`,
  });
  for (let k = 0; k * step <= top + 1e-12; k++) {
    const tick = k * step;
    chart.append(
      svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }),
      svg(
        'text',
        { class: 'tick', x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' },
        `${Number((tick * 100).toFixed(2))}%`,
      ),
    );
  }
  labels.forEach((label, i) => {
    const left = margin.left + i * slot;
    const ref = reference[i] ?? 0;
    const cur = current[i] ?? 0;
    const tip = `${label}: reference ${percent(ref)} (${formatCount(detail.reference.histogram[i])}), current ${percent(cur)} (${formatCount(detail.current.histogram[i])})`;
    const bar = (series: 'reference' | 'current', share: number, inset: number) =>
      svg(
        'rect',
        {
          class: `bar ${series}`,
          x: (left + slot * inset).toFixed(2),
          width: (slot * (1 - 2 * inset)).toFixed(2),
          y: y(share).toFixed(2),
          height: (margin.top + plotHeight - y(share)).toFixed(2),
        },
        svg('title', {}, tip),
      );
    const center = left + slot / 2;
    const shown = label.length > 14 ? `${label.slice(0, 13)}…` : label;
    chart.append(
      bar('reference', ref, 0.08),
      bar('current', cur, 0.28),
      svg(
        'text',
        {
          class: 'bin-label',
          x: center,
          y: margin.top + plotHeight + 14,
          'text-anchor': rotate ? 'end' : 'middle',
          transform: rotate ? `rotate(-35 ${center} ${margin.top + plotHeight + 14})` : undefined,
        },
        shown,
        svg('title', {}, label),
      ),
    );
  });
  chart.append(
    svg('line', {
      class: 'axis',
      x1: margin.left,
      x2: width - margin.right,
      y1: margin.top + plotHeight,
      y2: margin.top + plotHeight,
    }),
  );
  return chart;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least the value. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}
