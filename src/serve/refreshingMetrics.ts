import type { Registry } from 'prom-client';
import type { DriftMetrics } from '../metrics/driftMetrics.js';
import { latestResultRows, snapshotsOfRows } from '../metrics/latestSnapshots.js';
import { latestStoredRunAt } from '../metrics/latestStoredRun.js';
import type { Schema } from '../run/options.js';
import type { StoreCache } from './storeCache.js';

/** What /metrics answers from: a registry, or one that brings itself up to date first. */
export type MetricsSource = Pick<Registry, 'contentType' | 'metrics'>;

/**
 * The registry, its drift gauges brought up to date from drift_results whenever the file changed since they
 * were (runs of another process: a cron `run`), as the dashboard's answers are. `refresh` does it now, and
 * throws what the read throws; a scrape that cannot read the file (another process holds it) answers the
 * gauges as they are.
 */
export function refreshingMetrics(
  registry: Registry,
  metrics: DriftMetrics,
  cache: StoreCache,
  schema: Schema,
): MetricsSource & { refresh(): Promise<void> } {
  let shown: unknown;
  const refresh = async () => {
    const stored = await cache.read('metrics:latest', async (engine) => ({
      snapshots: snapshotsOfRows(await latestResultRows(engine, schema)),
      at: await latestStoredRunAt(engine, schema),
    }));
    if (stored === shown) return;
    shown = stored;
    await metrics.retainModels(stored.snapshots.map((snapshot) => snapshot.model));
    await metrics.restore(stored.snapshots);
    if (stored.at !== null) await metrics.recordStoredRun(stored.at);
  };
  return {
    contentType: registry.contentType,
    refresh,
    metrics: async () => {
      await refresh().catch(() => {});
      return registry.metrics();
    },
  };
}
