// The hourly bench's runs, in a plain node process with the built package, as a host running startServiceC
// would (no TypeScript loader): hourly buckets ending at each given time, one after the other. Prints, as
// JSON, each run's figures (its host event loop's delay, and the bytes this process read through read calls,
// DuckDB's file reads included, from /proc/self/io) and the process's peak RSS in bytes.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServiceC } from '../dist/index.js';

const [store, bucketEnds, memoryLimit] = process.argv.slice(2);
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
const runs = [];
for (const end of JSON.parse(bucketEnds)) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const readBefore = bytesRead();
  const started = performance.now();
  delay.enable();
  try {
    const summary = await startServiceC({
      database: store,
      now: () => new Date(end + 60_000),
      windows: { kind: 'time', bucketMs: 3_600_000, historicalFrom: 0.5, historicalTo: 0.7 },
      ...(memoryLimit ? { duckdbMemoryLimit: memoryLimit } : {}),
    }).done;
    delay.disable();
    const models = summary.models;
    runs.push({
      end,
      wallMs: performance.now() - started,
      ...summary.timings,
      loopP999Ms: delay.percentile(99.9) / 1e6,
      loopMaxMs: delay.max / 1e6,
      bytesRead: bytesRead() - readBefore,
      profilesRead: models.reduce((n, m) => n + (m.baseline?.profilesRead ?? 0), 0),
      profilesStored: models.reduce((n, m) => n + (m.baseline?.profilesStored ?? 0), 0),
      rowsRead: models.reduce((n, m) => n + m.rowsRead, 0),
      statuses: Object.fromEntries(
        [...new Set(models.map((m) => m.status))].map((s) => [
          s,
          models.filter((m) => m.status === s).length,
        ]),
      ),
      errors: [...new Set(models.flatMap((m) => (m.error ? [m.error] : [])))].slice(0, 3),
    });
  } catch (error) {
    runs.push({ end, wallMs: performance.now() - started, failed: String(error).split('\n')[0] });
    break;
  }
}
console.log(JSON.stringify({ runs, peakRss: process.resourceUsage().maxRSS * 1024 }));
