// The estimated performance in deploy/: its alert rule through promtool test rules, its Grafana panels.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchFolder } from './support/platformDatabase.js';

const alertsFile = new URL('../deploy/prometheus/alerts.yml', import.meta.url).pathname;
const dashboardFile = new URL('../deploy/grafana/drift-dashboard.json', import.meta.url).pathname;
const folder = scratchFolder();
afterAll(() => folder.cleanup());

describe('the estimated performance in deploy/', () => {
  it('alerts when the worker says alert for five minutes, not on a warning or insufficient data', () => {
    const status = (model: string, values: string) => ({
      series: `drift_model_performance_estimated_status{model="${model}",job="c",instance="i"}`,
      values,
    });
    const tests = {
      rule_files: [alertsFile],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [status('dropped', '2x20'), status('warned', '1x20'), status('few', '-1x20')],
          alert_rule_test: [
            { eval_time: '3m', alertname: 'DriftEstimatedPerformanceAlert', exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: 'DriftEstimatedPerformanceAlert',
              exp_alerts: [
                {
                  exp_labels: { severity: 'alert', model: 'dropped', job: 'c', instance: 'i' },
                  exp_annotations: {
                    summary:
                      'The estimated AUC of dropped fell beyond the alert threshold and its interval (from scores alone; labels not yet in)',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = folder.path('estimated-rules.test.yml');
    writeFileSync(file, JSON.stringify(tests));
    const result = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', timeout: 30_000 });
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('has a Grafana status panel and the estimated AUC beside the realized one', () => {
    const { panels } = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = (title: string) => panels.find((p) => p.title === title)?.targets?.map((t) => t.expr);
    expect(exprs('Estimated performance status')).toEqual([
      'drift_model_performance_estimated_status{model=~"$model"}',
    ]);
    expect(exprs('Estimated against realized AUC (current window)')).toEqual([
      'drift_model_performance_estimated{model=~"$model", metric="auc", window="current"}',
      'drift_model_performance{model=~"$model", metric="auc", window="current"}',
    ]);
  });
});
