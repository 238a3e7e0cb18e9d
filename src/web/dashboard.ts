// The drift dashboard for a few models or hundreds: an overview of every model from one small request
// (worst first, filtered by status, searched by name), each model's table and trends loaded when it is
// opened or scrolled into view, and one feature's histograms. No framework; text through textContent only.
import type {
  ErrorResponse,
  FeatureDetailResponse,
  FeatureSummary,
  HistoryResponse,
  ModelPerformance,
  ModelSummary,
  OverviewModel,
  OverviewResponse,
  PerformanceResponse,
} from '../api/dashboard.js';
import { errorMessage } from '../util/errorMessage.js';
import { histogramChart, sparkline } from './charts.js';
import {
  formatCount,
  formatNumber,
  formatPValue,
  html,
  statusBadge,
  statusClass,
  statusLabel,
  timeAgo,
} from './dom.js';
import { type OverviewFilter, visibleModels } from './overview.js';
import { performanceCard } from './performanceCard.js';

interface Selection {
  model: string;
  feature: string;
}

type Thresholds = OverviewResponse['thresholds'];

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = (await response.json()) as T | ErrorResponse;
  if (!response.ok) throw new Error((body as ErrorResponse).error ?? `${path}: HTTP ${response.status}`);
  return body as T;
}

const segment = encodeURIComponent;
const api = {
  overview: () => getJson<OverviewResponse>('api/overview'),
  model: (model: string) => getJson<ModelSummary>(`api/models/${segment(model)}`),
  history: (model: string, days: number) =>
    getJson<HistoryResponse>(`api/models/${segment(model)}/history?days=${days}`),
  feature: ({ model, feature }: Selection) =>
    getJson<FeatureDetailResponse>(`api/models/${segment(model)}/features/${segment(feature)}`),
  performance: () => getJson<PerformanceResponse>('api/performance'),
};

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function showError(error: unknown): void {
  const banner = byId('error');
  banner.textContent = errorMessage(error);
  banner.hidden = false;
}

const isoOfSeconds = (seconds: number | null) =>
  seconds === null ? null : new Date(seconds * 1000).toISOString();

// --- Overview ----------------------------------------------------------------------------------------

const statusOrder = ['alert', 'warning', 'error', 'insufficient_data', 'ok', 'none'];

function featureCounts(features: Record<string, number>): HTMLElement | null {
  const total = Object.values(features).reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const parts = statusOrder
    .filter((status) => features[status])
    .map((status) =>
      html('span', { class: `count ${statusClass(status)}` }, `${features[status]} ${statusLabel(status)}`),
    );
  return html('p', { class: 'counts' }, `${total} features`, ...parts.flatMap((part) => [' · ', part]));
}

function modelCard(model: OverviewModel): HTMLElement {
  const production = model.status === 'production';
  const card = html(
    'article',
    { class: `model-card ${production ? statusClass(model.driftStatus) : 'archived'}`, tabindex: 0 },
    html(
      'header',
      {},
      html('h2', { class: 'model-name' }, model.model),
      production
        ? statusBadge(model.driftStatus)
        : html('span', { class: 'badge lifecycle' }, model.status || 'no status'),
    ),
    html(
      'dl',
      { class: 'facts' },
      html('dt', {}, 'drift score'),
      html('dd', { class: 'score' }, formatNumber(model.score, 4)),
      html('dt', {}, 'last run'),
      html('dd', {}, timeAgo(isoOfSeconds(model.lastRunAt))),
      html('dt', {}, 'worst feature'),
      html(
        'dd',
        { class: 'worst' },
        model.worst ? `${model.worst.feature} (PSI ${formatNumber(model.worst.psi)})` : '–',
      ),
      ...(model.performance === null
        ? []
        : [
            html('dt', {}, 'performance'),
            html('dd', { class: 'performance' }, statusBadge(model.performance)),
          ]),
    ),
    featureCounts(model.features),
  );
  card.dataset.model = model.model;
  card.dataset.lifecycle = model.status;
  card.dataset.status = model.driftStatus ?? '';
  if (model.lastRunAt !== null) {
    const open = () => openModel(model);
    card.addEventListener('click', open);
    card.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') open();
    });
  }
  return card;
}

/** The counts per status at the top; each one filters the overview to its models. */
function statusFilters(counts: Record<string, number>): HTMLElement[] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const chip = (status: string | null, text: string) => {
    const button = html(
      'button',
      {
        type: 'button',
        class: `chip ${status === null ? '' : statusClass(status === 'none' ? null : status)}`,
        'aria-pressed': String(filter.status === status),
      },
      text,
    );
    button.dataset.status = status ?? '';
    button.addEventListener('click', () => {
      filter.status = filter.status === status ? null : status;
      drawOverview();
    });
    return button;
  };
  return [
    chip(null, `all ${total} in production`),
    ...statusOrder
      .filter((status) => counts[status])
      .map((status) =>
        chip(status, `${counts[status]} ${status === 'none' ? 'not run yet' : statusLabel(status)}`),
      ),
  ];
}

// --- PSI by feature ----------------------------------------------------------------------------------

/** Exact statistics on a row, as text that parses back to the same doubles: for scripts and tests. */
function exactValues(row: HTMLElement, { psi, ksStatistic, ksPValue }: FeatureSummary): void {
  row.dataset.psi = String(psi);
  row.dataset.ks = String(ksStatistic);
  row.dataset.ksPvalue = String(ksPValue);
}

function trendCell(history: HistoryResponse | undefined, feature: string, thresholds: Thresholds) {
  const series = history?.features.find((f) => f.feature === feature);
  if (!history || !series) return html('td', {});
  const trend = { times: history.times, values: series.psi, statuses: series.statuses };
  return html('td', {}, sparkline(trend, thresholds, byId('tooltip')));
}

/** The quality's cell: its status, and the signal behind it when it is above ok. */
function qualityCell(quality: FeatureSummary['quality']): HTMLTableCellElement {
  if (quality === null) return html('td', { class: 'muted' }, '–');
  const words = quality.signal === null ? statusLabel(quality.status) : quality.signal.replaceAll('_', ' ');
  const cell = html('td', { class: 'quality' }, statusBadge(quality.status, words));
  cell.dataset.qualityStatus = quality.status;
  cell.dataset.qualitySignal = quality.signal ?? '';
  return cell;
}

/** The feature's status, saying which decided it: its drift, or its quality (docs/data-quality.md). */
function statusCell(feature: FeatureSummary): HTMLTableCellElement {
  const decided = feature.quality?.decided === true;
  const cell = html(
    'td',
    { class: 'status', title: decided ? 'decided by the data quality' : 'decided by the drift' },
    statusBadge(feature.status),
    decided ? html('span', { class: 'source muted' }, ' quality') : null,
  );
  cell.dataset.source = feature.quality === null ? '' : decided ? 'quality' : 'drift';
  return cell;
}

function featureRow(
  model: string,
  feature: FeatureSummary,
  history: HistoryResponse | undefined,
  thresholds: Thresholds,
  selectable: boolean,
): HTMLTableRowElement {
  const open = selectable
    ? html('button', { type: 'button', class: 'feature-name', title: 'Show its histograms' }, feature.feature)
    : html('span', { class: 'feature-name' }, feature.feature);
  const psi = html('td', { class: `psi-cell ${statusClass(feature.status)}` }, formatNumber(feature.psi));
  psi.dataset.status = feature.status;
  const row = html(
    'tr',
    { class: 'feature-row' },
    html('th', { scope: 'row' }, open),
    psi,
    html('td', { class: 'num' }, formatNumber(feature.ksStatistic)),
    trendCell(history, feature.feature, thresholds),
    qualityCell(feature.quality),
    statusCell(feature),
  );
  row.dataset.model = model;
  row.dataset.feature = feature.feature;
  row.dataset.status = feature.status;
  const selection = currentSelection();
  row.classList.toggle('selected', selection?.model === model && selection.feature === feature.feature);
  exactValues(row, feature);
  if (selectable) open.addEventListener('click', () => select({ model, feature: feature.feature }));
  return row;
}

function predictionRow(prediction: FeatureSummary): HTMLTableRowElement {
  const psi = html(
    'td',
    { class: `psi-cell ${statusClass(prediction.status)}` },
    formatNumber(prediction.psi),
  );
  psi.dataset.status = prediction.status;
  return html(
    'tr',
    { class: 'prediction-row' },
    html(
      'th',
      { scope: 'row', class: 'muted' },
      prediction.feature === 'prediction' ? 'prediction' : `prediction (${prediction.feature})`,
    ),
    psi,
    html('td', { class: 'num' }, formatNumber(prediction.ksStatistic)),
    html('td', {}),
    qualityCell(prediction.quality),
    statusCell(prediction),
  );
}

const trendTitle = (history: HistoryResponse | undefined) => {
  if (!history) return 'PSI trend';
  const runs = history.times.length;
  return `PSI, ${history.days === 1 ? 'last day' : `last ${history.days} days`} (${runs} run${runs === 1 ? '' : 's'})`;
};

/** A model's latest run as a table; `selectable` names open the feature's detail from the server. */
function featureTable(
  model: ModelSummary,
  history: HistoryResponse | undefined,
  thresholds: Thresholds,
  selectable = true,
): HTMLTableElement {
  return html(
    'table',
    { class: 'heatmap' },
    html(
      'colgroup',
      {},
      ...['name', 'psi', 'ks', 'trend', 'quality', 'status'].map((name) => html('col', { class: name })),
    ),
    html(
      'thead',
      {},
      html(
        'tr',
        {},
        html('th', { scope: 'col' }, 'feature'),
        html('th', { scope: 'col', class: 'num' }, 'PSI'),
        html('th', { scope: 'col', class: 'num' }, 'KS D'),
        html('th', { scope: 'col' }, trendTitle(history)),
        html('th', { scope: 'col' }, 'quality'),
        html('th', { scope: 'col' }, 'status'),
      ),
    ),
    html(
      'tbody',
      {},
      ...model.features.map((feature) => featureRow(model.model, feature, history, thresholds, selectable)),
      model.prediction ? predictionRow(model.prediction) : null,
    ),
  );
}

/** A UTC time as its date, with the time of day when it is not midnight. */
const utc = (iso: string) =>
  iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The label of a model whose reference is pinned to a time range instead of the 50–70% slice. */
function pinnedLabel(baseline: OverviewModel['baseline'] | undefined): HTMLElement | null {
  if (!baseline) return null;
  const label = html(
    'span',
    { class: 'pinned', title: `reference pinned to [${baseline.from}, ${baseline.to})` },
    `reference pinned: ${utc(baseline.from)} – ${utc(baseline.to)}`,
  );
  label.dataset.from = baseline.from;
  label.dataset.to = baseline.to;
  return label;
}

/** A model's section: its heading at once, its table once loaded. */
function modelSection(
  model: { model: string; driftStatus: string | null; baseline?: OverviewModel['baseline'] },
  body: HTMLElement,
): HTMLElement {
  const section = html(
    'section',
    { class: 'model-features' },
    html(
      'h3',
      {},
      html('span', {}, model.model),
      ' ',
      statusBadge(model.driftStatus),
      pinnedLabel(model.baseline),
    ),
    body,
  );
  section.dataset.model = model.model;
  return section;
}

/** A model analysed in this browser, without trends. */
const modelFeatures = (model: ModelSummary, thresholds: Thresholds) =>
  modelSection(model, featureTable(model, undefined, thresholds, false));

// --- A file analysed in this browser ------------------------------------------------------------------

type BrowserEntry = typeof import('../browser/index.js');

async function analyseHere(file: File): Promise<void> {
  const section = byId('local');
  const state = byId('local-state');
  section.dataset.state = 'running';
  state.textContent = `Analysing ${file.name} in this browser…`;
  byId('local-results').replaceChildren();
  const started = performance.now();
  try {
    // The bundle (duckdb-wasm included) loads only when a file is chosen.
    const entry = (await import(new URL('browser.js', import.meta.url).href)) as BrowserEntry;
    const analysis = await entry.analyseFile(file);
    try {
      const { thresholds, models: analysed } = analysis.models;
      const failures = analysis.summary.models.filter((m) => m.error !== null);
      byId('local-results').replaceChildren(
        ...analysed.filter((m) => m.runId !== null).map((m) => modelFeatures(m, thresholds)),
        ...failures.map((m) => html('p', { class: 'message' }, `${m.model}: ${m.error}`)),
      );
    } finally {
      await analysis.close();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    state.textContent = `${file.name} (${analysis.kind === 'csv' ? 'CSV' : 'DuckDB file'}), analysed in this browser in ${seconds} s.`;
    section.dataset.state = 'done';
  } catch (error) {
    state.textContent = `${file.name}: ${errorMessage(error)}`;
    section.dataset.state = 'failed';
  }
}

// --- One feature ------------------------------------------------------------------------------------

function windowFacts(name: string, window: FeatureDetailResponse['reference']): HTMLElement[] {
  const span =
    window.firstTime && window.lastTime
      ? `${window.firstTime.slice(0, 10)} – ${window.lastTime.slice(0, 10)}`
      : '';
  return [
    html('dt', {}, name),
    html(
      'dd',
      {},
      `${formatCount(window.count)} values`,
      window.missing ? `, ${formatCount(window.missing)} missing` : '',
      window.mean === null ? '' : `, mean ${formatNumber(window.mean)}`,
      span ? html('span', { class: 'muted' }, ` (${span})`) : null,
    ),
  ];
}

/**
 * What the current window was compared with and the gate, in words a reader can check: the reference's
 * phase, the cycle and why, the reference's own spread, the gate's p-values and the status before it.
 */
function signalFacts(signal: FeatureDetailResponse['signal']): HTMLElement[] {
  if (signal === null) return [];
  const fact = (name: string, className: string, ...value: (string | HTMLElement)[]) => [
    html('dt', {}, name),
    html('dd', { class: className }, ...value),
  ];
  const cycles: Record<string, string> = { week: 'weekly', day: 'daily', none: 'none' };
  return [
    ...fact('compared with', 'reference-phase', signal.referencePhase ?? '–'),
    ...fact(
      'cycle',
      'cycle',
      cycles[signal.cycle ?? ''] ?? '–',
      signal.reason ? html('span', { class: 'muted' }, ` (${signal.reason})`) : '',
    ),
    ...(signal.dispersion === null
      ? []
      : fact(
          'natural variability',
          'dispersion',
          `dispersion ${formatNumber(signal.dispersion)}`,
          html(
            'span',
            { class: 'muted' },
            signal.windows && signal.windows > 0
              ? ` (from ${formatCount(signal.windows)} reference windows)`
              : ' (not measured: too few reference windows)',
          ),
        )),
    ...(signal.pvalue === null ? [] : fact('gate p-value', 'gate-p', formatPValue(signal.pvalue))),
    ...(signal.pvalueAdjusted === null
      ? []
      : fact('adjusted p (Holm)', 'gate-p-adjusted', formatPValue(signal.pvalueAdjusted))),
    ...(signal.statusBeforeGate === null
      ? []
      : fact('status before the gate', 'status-before-gate', signal.statusBeforeGate)),
  ];
}

function detailView(detail: FeatureDetailResponse): Element[] {
  const stat = (name: string, value: string, className = '') => [
    html('dt', {}, name),
    html('dd', { class: className }, value),
  ];
  const ksP = detail.ks?.pvalue ?? null;
  return [
    html(
      'header',
      {},
      html(
        'h2',
        { class: 'detail-title' },
        html('span', { class: 'muted' }, `${detail.model} › `),
        detail.feature,
      ),
      statusBadge(detail.status),
    ),
    html(
      'p',
      { class: 'muted' },
      `${detail.kind ?? 'unknown'} feature · run ${detail.runId} · `,
      timeAgo(detail.computedAt),
    ),
    html(
      'p',
      { class: 'legend' },
      html('span', { class: 'swatch reference' }),
      'reference window',
      html('span', { class: 'swatch current' }),
      'current window',
      html('span', { class: 'muted' }, ' (share of each window per bin)'),
    ),
    histogramChart(detail),
    html(
      'dl',
      { class: 'stats' },
      ...stat('PSI', formatNumber(detail.psi), 'psi'),
      ...(detail.ks
        ? [
            ...stat('KS statistic', formatNumber(detail.ks.statistic), 'ks'),
            ...stat(
              'KS p-value',
              `${formatPValue(ksP)}${detail.ks.method ? ` (${detail.ks.method})` : ''}`,
              'ks-p',
            ),
          ]
        : []),
      ...(detail.chi2
        ? stat('χ² p-value', `${formatPValue(detail.chi2.pvalue)} (dof ${detail.chi2.dof ?? '–'})`)
        : []),
      ...stat('Jensen–Shannon', formatNumber(detail.js)),
      ...stat('KL divergence', formatNumber(detail.kl)),
      ...(detail.wasserstein === null ? [] : stat('Wasserstein', formatNumber(detail.wasserstein))),
      ...windowFacts('reference', detail.reference),
      ...windowFacts('current', detail.current),
      ...signalFacts(detail.signal),
    ),
    detail.message ? html('p', { class: 'message' }, detail.message) : html('span'),
  ];
}

// --- State ------------------------------------------------------------------------------------------

let overview: OverviewResponse | null = null;
const filter: OverviewFilter = { status: null, search: '' };
let days = 1;
let pending = 0;
/** Each model's latest run and history, by model and trend window, as fetched since the last refresh. */
const loaded = new Map<string, Promise<[ModelSummary, HistoryResponse]>>();
/** Every model's latest performance, fetched once the first section loads, again after a refresh. */
let performances: Promise<Map<string, ModelPerformance>> | null = null;

function loadModel(model: string): Promise<[ModelSummary, HistoryResponse]> {
  const key = `${days}:${model}`;
  let load = loaded.get(key);
  if (!load) {
    load = Promise.all([api.model(model), api.history(model, days)]);
    loaded.set(key, load);
    load.catch(() => loaded.delete(key));
  }
  return load;
}

function loadPerformance(): Promise<Map<string, ModelPerformance>> {
  if (performances === null) {
    const load = api.performance().then(({ models }) => new Map(models.map((m) => [m.model, m])));
    performances = load;
    load.catch(() => {
      if (performances === load) performances = null;
    });
  }
  return performances;
}

/** The model's performance card; none without performance; the error in words if it could not load. */
const performanceOf = (model: string): Promise<HTMLElement[]> =>
  loadPerformance().then(
    (all) => {
      const performance = all.get(model);
      return performance ? [performanceCard(performance)] : [];
    },
    (error: unknown) => [html('p', { class: 'message' }, `performance: ${errorMessage(error)}`)],
  );

/** Fills a model's section with its performance card, table and trends, once. */
async function fillSection(section: HTMLElement): Promise<void> {
  if (section.dataset.state !== 'idle' || overview === null) return;
  const { thresholds } = overview;
  const model = section.dataset.model ?? '';
  section.dataset.state = 'loading';
  try {
    const [[summary, history], card] = await Promise.all([loadModel(model), performanceOf(model)]);
    section.lastElementChild?.replaceWith(...card, featureTable(summary, history, thresholds));
    section.dataset.state = 'ready';
  } catch (error) {
    section.lastElementChild?.replaceWith(html('p', { class: 'message' }, errorMessage(error)));
    section.dataset.state = 'failed';
  }
}

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      void fillSection(entry.target as HTMLElement);
    }
  },
  { rootMargin: '100px 0px' },
);

/** About the height of a performance card with its table of metrics. */
const performanceCardHeight = 230;

/** Room for the table a section will hold, so that the page does not jump as tables load. */
function placeholder(model: OverviewModel): HTMLElement {
  const rows = Object.values(model.features).reduce((a, b) => a + b, 0) + 2;
  const body = html('p', { class: 'placeholder muted' }, 'Loading…');
  body.style.minHeight = `${rows * 31 + (model.performance === null ? 0 : performanceCardHeight)}px`;
  return body;
}

function drawOverview(): void {
  if (overview === null) return;
  const shown = visibleModels(overview.models, filter);
  byId('status-filters').replaceChildren(...statusFilters(overview.counts));
  byId('shown').textContent = `${shown.length} of ${overview.models.length} models`;
  byId('models').replaceChildren(...shown.map(modelCard));
  observer.disconnect();
  const analysed = shown.filter((m) => m.lastRunAt !== null);
  const sections = analysed.map((m) => {
    const section = modelSection(m, placeholder(m));
    section.dataset.state = 'idle';
    observer.observe(section);
    return section;
  });
  byId('features').replaceChildren(
    ...(sections.length > 0
      ? sections
      : [
          html(
            'p',
            { class: 'muted' },
            overview.models.length > 0 && shown.length === 0
              ? 'No model matches.'
              : 'No run has written drift_results yet.',
          ),
        ]),
  );
}

function sectionOf(model: string): HTMLElement | undefined {
  return Array.from(document.querySelectorAll<HTMLElement>('section.model-features')).find(
    (section) => section.dataset.model === model,
  );
}

/** A card's click: its model's table in view, and its worst feature in the detail. */
function openModel(model: OverviewModel): void {
  const section = sectionOf(model.model);
  if (section) {
    section.scrollIntoView({ block: 'start' });
    void fillSection(section);
  }
  if (model.worst) select({ model: model.model, feature: model.worst.feature });
}

function selectionOfHash(): Selection | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const model = params.get('model');
  const feature = params.get('feature');
  return model !== null && feature !== null ? { model, feature } : null;
}

/** The feature with the highest PSI among the production models' latest runs. */
function worstFeature(): Selection | null {
  let worst: (Selection & { psi: number }) | null = null;
  for (const model of overview?.models ?? []) {
    const psi = model.worst?.psi ?? null;
    if (model.status !== 'production' || model.worst === null || psi === null) continue;
    if (worst === null || psi > worst.psi) worst = { model: model.model, feature: model.worst.feature, psi };
  }
  return worst && { model: worst.model, feature: worst.feature };
}

const currentSelection = () => selectionOfHash() ?? worstFeature();

function select(selection: Selection): void {
  location.hash = new URLSearchParams({ model: selection.model, feature: selection.feature }).toString();
}

async function showDetail(): Promise<void> {
  const selection = currentSelection();
  const panel = byId('detail');
  document.querySelectorAll<HTMLElement>('tr.feature-row').forEach((row) => {
    const chosen = row.dataset.model === selection?.model && row.dataset.feature === selection?.feature;
    row.classList.toggle('selected', chosen);
  });
  if (selection === null) {
    panel.replaceChildren(html('p', { class: 'muted' }, 'No feature has a result yet.'));
    panel.dataset.state = 'empty';
    return;
  }
  const request = ++pending;
  panel.dataset.state = 'loading';
  try {
    const detail = await api.feature(selection);
    if (request !== pending) return;
    panel.replaceChildren(...detailView(detail));
    panel.dataset.model = detail.model;
    panel.dataset.feature = detail.feature;
    panel.dataset.state = 'ready';
  } catch (error) {
    if (request !== pending) return;
    panel.replaceChildren(html('p', { class: 'message' }, errorMessage(error)));
    panel.dataset.state = 'failed';
  }
}

async function load(): Promise<void> {
  byId('error').hidden = true;
  loaded.clear();
  performances = null;
  overview = await api.overview();
  drawOverview();
  byId('updated').replaceChildren('updated ', html('time', {}, new Date().toLocaleTimeString('en-GB')));
  document.body.dataset.ready = 'true';
  await showDetail();
}

function refresh(): void {
  document.body.dataset.ready = 'false';
  load().catch(showError);
}

window.addEventListener('hashchange', () => void showDetail());
byId('refresh').addEventListener('click', refresh);
byId<HTMLInputElement>('search').addEventListener('input', (event) => {
  filter.search = (event.target as HTMLInputElement).value;
  drawOverview();
});
byId<HTMLSelectElement>('days').addEventListener('change', (event) => {
  days = Number((event.target as HTMLSelectElement).value);
  drawOverview();
});
byId<HTMLInputElement>('local-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void analyseHere(file);
});
refresh();
