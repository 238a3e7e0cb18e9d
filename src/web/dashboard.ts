// The drift dashboard: every model, PSI by feature with its trend, and one feature's histograms.
// Everything it shows comes from the JSON endpoints beside it; no framework, text through textContent only.
import type {
  ErrorResponse,
  FeatureDetailResponse,
  FeatureSummary,
  HistoryResponse,
  ModelSummary,
  ModelsResponse,
} from './api.js';
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

interface Selection {
  model: string;
  feature: string;
}

type Thresholds = ModelsResponse['thresholds'];

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = (await response.json()) as T | ErrorResponse;
  if (!response.ok) throw new Error((body as ErrorResponse).error ?? `${path}: HTTP ${response.status}`);
  return body as T;
}

const segment = encodeURIComponent;
const api = {
  models: () => getJson<ModelsResponse>('api/models'),
  history: (model: string) => getJson<HistoryResponse>(`api/models/${segment(model)}/history`),
  feature: ({ model, feature }: Selection) =>
    getJson<FeatureDetailResponse>(`api/models/${segment(model)}/features/${segment(feature)}`),
};

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function showError(error: unknown): void {
  const banner = byId('error');
  banner.textContent = error instanceof Error ? error.message : String(error);
  banner.hidden = false;
}

// --- Models ------------------------------------------------------------------------------------------

function countsByStatus(features: readonly FeatureSummary[]): HTMLElement {
  const counts = new Map<string, number>();
  for (const { status } of features) counts.set(status, (counts.get(status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) =>
    html('span', { class: `count ${statusClass(status)}` }, `${n} ${statusLabel(status)}`),
  );
  return html(
    'p',
    { class: 'counts' },
    `${features.length} features`,
    ...parts.flatMap((part) => [' · ', part]),
  );
}

function modelCard(model: ModelSummary): HTMLElement {
  const production = model.status === 'production';
  const card = html(
    'article',
    { class: `model-card ${production ? statusClass(model.driftStatus) : 'archived'}` },
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
      html('dd', { class: 'score' }, formatNumber(model.driftScore, 4)),
      html('dt', {}, 'last run'),
      html('dd', {}, timeAgo(model.lastRunAt)),
      html('dt', {}, 'prediction PSI'),
      html('dd', {}, model.prediction ? formatNumber(model.prediction.psi) : '–'),
    ),
    model.features.length > 0 ? countsByStatus(model.features) : null,
  );
  card.dataset.model = model.model;
  card.dataset.lifecycle = model.status;
  card.dataset.status = model.driftStatus ?? '';
  return card;
}

// --- PSI by feature ----------------------------------------------------------------------------------

/** Exact statistics on a row, as text that parses back to the same doubles: for scripts and tests. */
function exactValues(row: HTMLElement, { psi, ksStatistic, ksPValue }: FeatureSummary): void {
  row.dataset.psi = String(psi);
  row.dataset.ks = String(ksStatistic);
  row.dataset.ksPvalue = String(ksPValue);
}

function featureRow(
  model: string,
  feature: FeatureSummary,
  history: HistoryResponse | undefined,
  thresholds: Thresholds,
  selectable: boolean,
): HTMLTableRowElement {
  const points = history?.features.find((f) => f.feature === feature.feature)?.points ?? [];
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
    html('td', {}, sparkline(points, thresholds)),
    html('td', {}, statusBadge(feature.status)),
  );
  row.dataset.model = model;
  row.dataset.feature = feature.feature;
  row.dataset.status = feature.status;
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
    html('td', {}, statusBadge(prediction.status)),
  );
}

/** A model's latest run as a table; `selectable` names open the feature's detail from the server. */
function modelFeatures(
  model: ModelSummary,
  history: HistoryResponse | undefined,
  thresholds: Thresholds,
  selectable = true,
) {
  const runs = history?.runs.length ?? 0;
  const table = html(
    'table',
    { class: 'heatmap' },
    html(
      'colgroup',
      {},
      ...['name', 'psi', 'ks', 'trend', 'status'].map((name) => html('col', { class: name })),
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
        html('th', { scope: 'col' }, `PSI, last ${runs} run${runs === 1 ? '' : 's'}`),
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
  const section = html(
    'section',
    { class: 'model-features' },
    html('h3', {}, html('span', {}, model.model), ' ', statusBadge(model.driftStatus)),
    table,
  );
  section.dataset.model = model.model;
  return section;
}

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
        ...analysed
          .filter((m) => m.runId !== null)
          .map((m) => modelFeatures(m, undefined, thresholds, false)),
        ...failures.map((m) => html('p', { class: 'message' }, `${m.model}: ${m.error}`)),
      );
    } finally {
      await analysis.close();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    state.textContent = `${file.name} (${analysis.kind === 'csv' ? 'CSV' : 'DuckDB file'}), analysed in this browser in ${seconds} s.`;
    section.dataset.state = 'done';
  } catch (error) {
    state.textContent = `${file.name}: ${error instanceof Error ? error.message : String(error)}`;
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
    ),
    detail.message ? html('p', { class: 'message' }, detail.message) : html('span'),
  ];
}

// --- State ------------------------------------------------------------------------------------------

let models: ModelSummary[] = [];
let pending = 0;

function selectionOfHash(): Selection | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const model = params.get('model');
  const feature = params.get('feature');
  return model !== null && feature !== null ? { model, feature } : null;
}

/** The feature with the highest PSI among the production models' latest runs. */
function worstFeature(): Selection | null {
  let worst: (Selection & { psi: number }) | null = null;
  for (const model of models) {
    if (model.status !== 'production') continue;
    for (const { feature, psi } of model.features) {
      if (psi !== null && (worst === null || psi > worst.psi)) worst = { model: model.model, feature, psi };
    }
  }
  return worst && { model: worst.model, feature: worst.feature };
}

function select(selection: Selection): void {
  location.hash = new URLSearchParams({ model: selection.model, feature: selection.feature }).toString();
}

async function showDetail(): Promise<void> {
  const selection = selectionOfHash() ?? worstFeature();
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
    panel.replaceChildren(
      html('p', { class: 'message' }, error instanceof Error ? error.message : String(error)),
    );
    panel.dataset.state = 'failed';
  }
}

async function load(): Promise<void> {
  byId('error').hidden = true;
  const response = await api.models();
  models = response.models;
  const analysed = models.filter((m) => m.runId !== null);
  const histories = new Map(
    await Promise.all(
      analysed.map(async (m) => [m.model, await api.history(m.model).catch(() => undefined)] as const),
    ),
  );
  byId('models').replaceChildren(...models.map(modelCard));
  byId('features').replaceChildren(
    ...(analysed.length > 0
      ? analysed.map((m) => modelFeatures(m, histories.get(m.model), response.thresholds))
      : [html('p', { class: 'muted' }, 'No run has written drift_results yet.')]),
  );
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
byId<HTMLInputElement>('local-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void analyseHere(file);
});
refresh();
