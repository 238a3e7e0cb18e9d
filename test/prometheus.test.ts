// The deploy files against real Prometheus tools: promtool for the rules, and a Prometheus server scraping
// `service-c serve` on loopback (Debian's `prometheus` package: /usr/bin/prometheus and /usr/bin/promtool).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { freePort } from './support/freePort.js';
import { query, scratchFolder } from './support/platformDatabase.js';
import { pollUntil, type ServeProcess, startServe } from './support/serveProcess.js';

const alertsFile = new URL('../deploy/prometheus/alerts.yml', import.meta.url).pathname;
const dashboardFile = new URL('../deploy/grafana/drift-dashboard.json', import.meta.url).pathname;

let folder: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  folder = scratchFolder();
});
afterAll(() => folder.cleanup());

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const result = promtool('check', 'rules', alertsFile);
    expect(result.output).toContain('SUCCESS: 10 rules found');
    expect(result.code).toBe(0);
  });

  it('reads no threshold of its own: every signal rule compares a status gauge', () => {
    const text = readFileSync(alertsFile, 'utf8');
    expect(text).not.toMatch(/0\.25|0\.1\b|0\.05/);
    const exprs = [...text.matchAll(/^\s+expr: (.+)$/gm)].map(([, expr]) => String(expr));
    expect(exprs.filter((expr) => expr.includes('status'))).toEqual([
      'drift_feature_status == 2',
      'drift_feature_status == 1',
      'drift_model_status == 2',
      'drift_model_status == -2',
      'drift_model_performance_status == 2',
      'drift_model_performance_status == 1',
      'drift_model_performance_estimated_status == 2',
    ]);
  });

  it('fires as the worker decides statuses, and on stale or failing runs (promtool test rules)', () => {
    const labels = { job: 'c', instance: 'i' };
    const at = (model: string, extra: Record<string, string> = {}) =>
      Object.entries({ model, ...extra, ...labels })
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
    const feature = (name: string, series: Record<string, string>) =>
      Object.entries(series).map(([metric, values]) => ({
        series: `drift_feature_${metric}{${at('m', { feature: name })}}`,
        values,
      }));
    const fired = (severity: string, summary: string, extra: Record<string, string>) => ({
      exp_labels: { severity, ...extra, ...labels },
      exp_annotations: { summary },
    });
    // JSON is YAML: promtool reads this as it is.
    const tests = {
      rule_files: [alertsFile],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            ...feature('drifted', { psi: '0.3x20', status: '2x20' }),
            ...feature('shifted', { psi: '0.15x20', status: '1x20' }),
            ...feature('ks', {
              psi: '0.01x20',
              ks_pvalue: '0.001x20',
              ks_statistic: '0.2x20',
              status: '1x20',
            }),
            // A PSI past the default alert threshold with status ok: the worker's psiAlert was raised.
            ...feature('raised', { psi: '0.9x20', status: '0x20' }),
            // Insufficient data overrides the thresholds, as in the worker.
            ...feature('few', { psi: '0.9x20', status: '-1x20' }),
            // Its model failed: its last PSI stays, its status says error.
            ...feature('stale', { psi: '0.5x20', status: '-2x20' }),
            { series: `drift_model_status{${at('m')}}`, values: '2x20' },
            { series: `drift_model_score{${at('m')}}`, values: '0.4x20' },
            { series: `drift_model_status{${at('broken')}}`, values: '-2x20' },
            { series: `drift_model_score{${at('broken')}}`, values: '0.4x20' },
            { series: `drift_model_status{${at('thin')}}`, values: '-1x20' },
            { series: `drift_model_status{${at('calm')}}`, values: '0x20' },
            { series: `drift_model_performance_status{${at('m')}}`, values: '2x20' },
            { series: `drift_model_performance_status{${at('p')}}`, values: '1x20' },
            { series: `drift_model_performance_status{${at('calm')}}`, values: '0x20' },
            { series: `drift_model_performance_status{${at('thin')}}`, values: '-1x20' },
            { series: `drift_model_performance_estimated_status{${at('m')}}`, values: '2x20' },
            { series: `drift_model_performance_estimated_status{${at('calm')}}`, values: '1x20' },
          ],
          alert_rule_test: [
            { eval_time: '3m', alertname: 'DriftFeatureAlert', exp_alerts: [] },
            { eval_time: '3m', alertname: 'DriftModelAlert', exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: 'DriftFeatureAlert',
              exp_alerts: [
                fired('alert', 'Feature drifted of m drifted (alert): PSI 0.300', {
                  model: 'm',
                  feature: 'drifted',
                }),
              ],
            },
            {
              eval_time: '10m',
              alertname: 'DriftFeatureWarning',
              exp_alerts: [
                fired('warning', 'Feature shifted of m shifted (warning): PSI 0.150', {
                  model: 'm',
                  feature: 'shifted',
                }),
                fired('warning', 'Feature ks of m shifted (warning): PSI 0.010', {
                  model: 'm',
                  feature: 'ks',
                }),
              ],
            },
            {
              eval_time: '10m',
              alertname: 'DriftModelAlert',
              exp_alerts: [
                fired(
                  'alert',
                  'Model m is in alert (its prediction, a feature or its performance): drift score 0.400',
                  {
                    model: 'm',
                  },
                ),
              ],
            },
            {
              eval_time: '2m',
              alertname: 'DriftModelError',
              exp_alerts: [
                fired(
                  'alert',
                  'Model broken could not be analysed (status error): see its row in drift_results',
                  {
                    model: 'broken',
                  },
                ),
              ],
            },
            {
              eval_time: '10m',
              alertname: 'DriftPerformanceAlert',
              exp_alerts: [
                fired(
                  'alert',
                  'The realized performance of m fell beyond the alert threshold (from its labelled events)',
                  { model: 'm' },
                ),
              ],
            },
            {
              eval_time: '10m',
              alertname: 'DriftPerformanceWarning',
              exp_alerts: [
                fired(
                  'warning',
                  'The realized performance of p fell beyond the warning threshold (from its labelled events)',
                  { model: 'p' },
                ),
              ],
            },
            {
              eval_time: '10m',
              alertname: 'DriftEstimatedPerformanceAlert',
              exp_alerts: [
                fired(
                  'alert',
                  'The estimated AUC of m fell beyond the alert threshold and its interval (from scores alone; labels not yet in)',
                  { model: 'm' },
                ),
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [
            // The last success ended at time 0; one run failed at minute 3.
            { series: 'drift_last_success_timestamp_seconds{job="c",instance="i"}', values: '0x200' },
            { series: 'drift_runs_total{outcome="failed",job="c",instance="i"}', values: '0 0 0 1x200' },
          ],
          alert_rule_test: [
            { eval_time: '2m', alertname: 'DriftRunsFailing', exp_alerts: [] },
            {
              eval_time: '5m',
              alertname: 'DriftRunsFailing',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', outcome: 'failed', ...labels },
                  exp_annotations: {
                    summary: '1 drift runs failed on i in the last 2h (the database could not be used)',
                  },
                },
              ],
            },
            { eval_time: '150m', alertname: 'DriftRunsFailing', exp_alerts: [] },
            { eval_time: '119m', alertname: 'DriftNoSuccessfulRun', exp_alerts: [] },
            {
              eval_time: '125m',
              alertname: 'DriftNoSuccessfulRun',
              exp_alerts: [
                {
                  exp_labels: { severity: 'alert', ...labels },
                  exp_annotations: { summary: 'No successful drift run on i for 2h 5m 0s' },
                },
              ],
            },
            { eval_time: '125m', alertname: 'DriftNoSuccessfulRunSinceStart', exp_alerts: [] },
          ],
        },
        {
          interval: '1m',
          input_series: [
            { series: 'drift_runs_total{outcome="success",job="c",instance="i"}', values: '0x200' },
          ],
          alert_rule_test: [
            { eval_time: '100m', alertname: 'DriftNoSuccessfulRunSinceStart', exp_alerts: [] },
            {
              eval_time: '125m',
              alertname: 'DriftNoSuccessfulRunSinceStart',
              exp_alerts: [
                {
                  exp_labels: { severity: 'alert' },
                  exp_annotations: {
                    summary:
                      'No successful drift run for two schedule periods (or service-c serve is not scraped)',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = folder.path('alerts.test.yml');
    writeFileSync(file, JSON.stringify(tests, null, 2));
    const result = promtool('test', 'rules', file);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});

interface Target {
  expr: string;
  refId: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  datasource?: { uid: string };
}
const dashboard = () =>
  JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
    panels: Panel[];
    templating: { list: { name: string; type: string; definition?: string }[] };
  };
const panelQueries = () =>
  dashboard().panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

const promqlWords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads: identifiers outside strings, label lists, ranges and calls. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter(([, name, call]) => call === undefined && !promqlWords.has(String(name).toLowerCase()))
    .map(([, name]) => String(name));
}

/** Every series name the registry exposes: histograms as their _bucket, _sum and _count. */
async function exportedNames(): Promise<Set<string>> {
  const registry = new Registry();
  createDriftMetrics(registry);
  const metrics = await registry.getMetricsAsJSON();
  return new Set(
    metrics.flatMap(({ name, type }) =>
      String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
    ),
  );
}

describe('deploy/grafana/drift-dashboard.json', () => {
  it('parses, takes its Prometheus from a datasource variable, and queries only metrics we export', async () => {
    const { panels, templating } = dashboard();
    expect(templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource' });
    const exported = await exportedNames();
    const queries = panelQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const { panel, target } of queries) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template
      expect(target.datasource.uid, panel.title).toBe('${datasource}');
      const names = metricNames(target.expr);
      expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exported, `${panel.title}: ${target.expr}`).toContain(name);
    }
    const variables = templating.list.flatMap((v) => (v.definition ? [v.definition] : []));
    for (const definition of variables) {
      const metric = /label_values\((\w+),/.exec(definition)?.[1];
      expect(exported).toContain(metric);
    }
    const titles = panels.map((p) => p.title);
    for (const title of ['Model status', 'PSI by feature', 'KS statistic D', 'KS p-value', 'Run duration']) {
      expect(titles).toContain(title);
    }
    expect(titles).toContain('Runs by outcome (last hour)');
    expect(titles).toContain('Time since the last successful run');
  });

  it('reads metric names out of PromQL', () => {
    expect(
      metricNames(
        'sum by (le) (increase(a_bucket{x=~"$m", y="by (z)"}[6h])) / ignoring (q) b_total unless on (m) c > bool 0.1',
      ),
    ).toEqual(['a_bucket', 'b_total', 'c']);
  });
});

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

describe('Prometheus scraping service-c serve', () => {
  let prometheus: ChildProcess | undefined;
  let prometheusExit: Promise<unknown> | undefined;
  let prometheusLog = '';
  let serve: ServeProcess | undefined;
  let api: string;
  let db: string;
  let runFinishedAt: number;
  let prometheusStartedAt: number;

  const promQuery = async (expr: string): Promise<{ status: string; data: { result: QueryResult[] } }> =>
    (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`)).json() as Promise<{
      status: string;
      data: { result: QueryResult[] };
    }>;

  beforeAll(async () => {
    db = folder.path('platform.duckdb');
    await createDriftPlatform(db, {
      models: { model_a: ['clean', 'shifted', 'channel'], model_b: ['clean'] },
      labels: true,
    });
    const servePort = await freePort();
    const webPort = await freePort();
    api = `http://127.0.0.1:${webPort}`;
    const config = folder.path('prometheus.yml');
    writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: [alertsFile],
        scrape_configs: [
          { job_name: 'service-c', static_configs: [{ targets: [`127.0.0.1:${servePort}`] }] },
        ],
      }),
    );
    prometheusStartedAt = performance.now();
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${folder.path('tsdb')}`,
        `--web.listen-address=127.0.0.1:${webPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      prometheusLog += chunk;
    });
    prometheusExit = new Promise((resolve) => prometheus?.once('exit', resolve));
    await pollUntil('Prometheus to be ready', async () => {
      if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${prometheusLog}`);
      return (await fetch(`${api}/-/ready`).catch(() => null))?.ok || undefined;
    });
    console.info(`Prometheus ready after ${(performance.now() - prometheusStartedAt).toFixed(0)} ms`);
    serve = await startServe(['--db', db, '--port', String(servePort), '--every', '1h']);
    await pollUntil('the first run to end', () =>
      /run \S+ success/.test(serve?.stderr() ?? '') ? true : undefined,
    );
    runFinishedAt = performance.now();
  }, 60_000);

  afterAll(async () => {
    await serve?.stop(5000);
    prometheus?.kill('SIGTERM');
    const killer = setTimeout(() => prometheus?.kill('SIGKILL'), 5000);
    await prometheusExit;
    clearTimeout(killer);
  });

  it('has the PSI the run wrote to DuckDB, within a few scrapes', async () => {
    const [row] = await query(
      db,
      `SELECT psi FROM drift_results WHERE model_name = 'model_a' AND feature = 'shifted' AND target = 'feature'`,
    );
    const psi = row?.psi as number;
    expect(psi).toBeGreaterThan(0.25);
    const seen = await pollUntil('Prometheus to have the PSI', async () => {
      const { data } = await promQuery('drift_feature_psi{model="model_a",feature="shifted"}');
      return data.result[0]?.value[1];
    });
    const latencyMs = performance.now() - runFinishedAt;
    expect(Number(seen)).toBe(psi);
    console.info(`Prometheus has the PSI ${latencyMs.toFixed(0)} ms after the run ended`);

    // A scrape may fall between the model's write (its gauges) and the run's end (the counter): poll again.
    const result = await pollUntil('Prometheus to count the run', async () => {
      const { data } = await promQuery('drift_runs_total{outcome="success"}');
      return data.result[0]?.value[1] === '1' ? data.result : undefined;
    });
    expect(result.map((r) => r.metric)).toEqual([
      { __name__: 'drift_runs_total', outcome: 'success', job: 'service-c', instance: expect.any(String) },
    ]);
  });

  it('answers every dashboard query', async () => {
    await pollUntil('two scrapes of a counter', async () => {
      const { data } = await promQuery('count_over_time(drift_runs_total{outcome="success"}[1m])');
      return Number(data.result[0]?.value[1]) >= 2 || undefined;
    });
    for (const { panel, target } of panelQueries()) {
      const expr = target.expr.replaceAll('$model', '.*');
      const response = await promQuery(expr);
      expect(response.status, `${panel.title}: ${expr}`).toBe('success');
      expect(response.data.result.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
    }
  });

  it('loads the alerting rules and holds the PSI alert of the drifted features pending', async () => {
    const alerts = await pollUntil('the PSI alerts', async () => {
      const response = (await (await fetch(`${api}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: Record<string, string>; state: string }[] };
      };
      const psi = response.data.alerts.filter((a) => a.labels.alertname === 'DriftFeatureAlert');
      return psi.length >= 2 ? psi : undefined;
    });
    expect(alerts.map((a) => `${a.labels.model}.${a.labels.feature} ${a.state}`).sort()).toEqual([
      'model_a.channel pending',
      'model_a.shifted pending',
    ]);
    const rules = (await (await fetch(`${api}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string }[] }[] };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual([
      'DriftEstimatedPerformanceAlert',
      'DriftFeatureAlert',
      'DriftFeatureWarning',
      'DriftModelAlert',
      'DriftModelError',
      'DriftNoSuccessfulRun',
      'DriftNoSuccessfulRunSinceStart',
      'DriftPerformanceAlert',
      'DriftPerformanceWarning',
      'DriftRunsFailing',
    ]);
    expect(loaded.filter((r) => r.health !== 'ok')).toEqual([]);
  });

  it('reports the run on /healthz', async () => {
    const response = await fetch(`${serve?.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      database: 'ok',
      lastRun: { outcome: 'success', runId: expect.any(String), finishedAt: expect.any(String) },
    });
  });
});
