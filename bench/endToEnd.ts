// The end-to-end case: one drift run over a generated store, in this process, while a timer measures how
// late the host's event loop runs. Reports the time split, peak RSS and the event-loop delay.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServiceC } from '../src/run/startServiceC.js';
import { cachedStore } from './cachedStore.js';

const models = 20;
const features = 25;
const rows = 2_000_000;

export async function endToEnd(): Promise<void> {
  const store = await cachedStore(models, features, rows);

  const delay = monitorEventLoopDelay({ resolution: 1 });
  const rssBefore = process.memoryUsage().rss;
  delay.enable();
  const started = performance.now();
  const summary = await startServiceC({ database: store }).done;
  const totalMs = performance.now() - started;
  delay.disable();

  const { readMs, computeMs, writeMs } = summary.timings;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const largestPull = Math.max(
    ...summary.models.map((m) => {
      const window = (m.features[0]?.reference.rows ?? 0) + (m.features[0]?.current.rows ?? 0);
      return window * m.features.length * 8;
    }),
  );
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const share = (ms: number) => `${((100 * ms) / totalMs).toFixed(0)}%`;
  console.log(
    `\nEnd to end: ${models} models x ${features} features, ${rows.toLocaleString('en-US')} rows per feature table`,
  );
  console.log(`| step | ms | share of the run |\n|---|---:|---:|`);
  console.log(`| read (window SQL + columns out of DuckDB) | ${readMs.toFixed(0)} | ${share(readMs)} |`);
  console.log(`| compute (pool dispatch + kernel) | ${computeMs.toFixed(0)} | ${share(computeMs)} |`);
  console.log(`| write (one transaction per model) | ${writeMs.toFixed(0)} | ${share(writeMs)} |`);
  console.log(`| total | ${totalMs.toFixed(0)} | 100% |`);
  console.log(
    `\nevent-loop delay during the run: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
  console.log(
    `peak RSS ${mb(peakRss)} (before the run ${mb(rssBefore)}); largest model's pulled windows ${mb(largestPull)}; ` +
      `target < 2 x ${mb(largestPull)} + 300 MB = ${mb(2 * largestPull + 300 * 2 ** 20)}`,
  );
  const statuses = new Map<string, number>();
  for (const f of summary.models.flatMap((m) => m.features))
    statuses.set(f.result.status, (statuses.get(f.result.status) ?? 0) + 1);
  console.log(`feature statuses: ${[...statuses].map(([status, n]) => `${n} ${status}`).join(', ')}`);
}
