// The page's two SVG charts: a feature's PSI over past runs, and its two histograms overlaid.
import type { FeatureDetailResponse } from '../api/dashboard.js';
import { statusOfLetter } from '../api/statusLetters.js';
import { formatCount, formatNumber, statusClass, statusLabel, svg } from './dom.js';

/** A trend: values by run, oldest first, with the runs' times (epoch seconds) and one status letter each. */
export interface Trend {
  times: readonly number[];
  values: readonly (number | null)[];
  statuses: string;
}

/** The SVG path of a line through the points, broken where a value is missing. */
export function linePath(xs: readonly number[], ys: readonly (number | null)[]): string {
  let path = '';
  let pen = 'M';
  ys.forEach((y, i) => {
    if (y === null) {
      pen = 'M';
      return;
    }
    path += `${pen}${(xs[i] ?? 0).toFixed(1)},${y.toFixed(1)}`;
    pen = 'L';
  });
  return path;
}

/** "2026-03-01 14:00 UTC" for epoch seconds. */
const utcMinute = (seconds: number) =>
  `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A small line chart of PSI by run, oldest first, as one path; dashed lines at the thresholds, a dot on
 * the latest run in its status's colour. The pointer's position picks the run the tooltip names.
 */
export function sparkline(
  trend: Trend,
  thresholds: { warning: number; alert: number },
  tooltip: HTMLElement,
): SVGSVGElement {
  const width = 160;
  const height = 34;
  const pad = 4;
  const n = trend.times.length;
  const top = Math.max(thresholds.alert * 1.2, ...trend.values.map((v) => v ?? 0));
  const x = (i: number) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => height - pad - (v / top) * (height - 2 * pad);
  const chart = svg('svg', {
    class: 'sparkline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `PSI over the last ${n} runs`,
  });
  for (const [name, value] of Object.entries(thresholds)) {
    chart.append(svg('line', { class: `threshold ${name}`, x1: 0, x2: width, y1: y(value), y2: y(value) }));
  }
  const xs = trend.times.map((_, i) => x(i));
  chart.append(
    svg('path', {
      class: 'trend',
      d: linePath(
        xs,
        trend.values.map((v) => (v === null ? null : y(v))),
      ),
    }),
  );
  const last = trend.values[n - 1];
  if (n > 0 && last !== null && last !== undefined) {
    const status = statusOfLetter(trend.statuses[n - 1]);
    chart.append(svg('circle', { class: `point ${statusClass(status)}`, cx: x(n - 1), cy: y(last), r: 3 }));
  }
  const hover = svg('circle', { class: 'hover', r: 3, visibility: 'hidden' });
  chart.append(hover);
  chart.addEventListener('pointermove', (event) => {
    if (n === 0) return;
    const box = chart.getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * width;
    const i =
      n === 1 ? 0 : Math.min(n - 1, Math.max(0, Math.round(((at - pad) * (n - 1)) / (width - 2 * pad))));
    const value = trend.values[i] ?? null;
    hover.setAttribute('cx', String(x(i)));
    hover.setAttribute('cy', String(y(value ?? 0)));
    hover.setAttribute('visibility', value === null ? 'hidden' : 'visible');
    tooltip.textContent = `${utcMinute(trend.times[i] ?? 0)}: PSI ${formatNumber(value)} (${statusLabel(statusOfLetter(trend.statuses[i]) ?? 'no result')})`;
    tooltip.style.left = `${event.clientX + 12}px`;
    tooltip.style.top = `${event.clientY + 12}px`;
    tooltip.hidden = false;
  });
  chart.addEventListener('pointerleave', () => {
    tooltip.hidden = true;
    hover.setAttribute('visibility', 'hidden');
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
