// The seed's note, measured: could the worker pull less by computing some statistics in DuckDB? On the
// shuffled model of the end-to-end store, the window rows of 25 features: the moments (mean, variance, min,
// max) as SQL aggregates against the kernel's on the windows it pulls anyway for KS, the bins and
// Wasserstein; and a categorical feature's counts per label in DuckDB against pulling its labels. Process
// CPU time (this process's threads, DuckDB's included), which a busy shared machine disturbs less than
// wall time; medians of 3.
import { windowSummary } from '../src/compare/windowSummary.js';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { defaultRunOptions } from '../src/run/options.js';
import { storeOf } from './endToEnd.js';

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = cpuMs();
  await run();
  return cpuMs() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

export async function pushDownBench(): Promise<void> {
  const engine = await openNodeEngine(storeOf({ models: 2, features: 25, rows: 2_000_000 }), {
    threads: defaultRunOptions.duckdbThreads,
    memoryLimit: defaultRunOptions.duckdbMemoryLimit,
  });
  const kernel = await loadWasmKernel();
  const features = Array.from({ length: 25 }, (_, f) => `f${String(f).padStart(2, '0')}`);
  // The worker's windows of the shuffled model: ranks 50-70% every second row, and the newest 5%.
  await engine.run(`CREATE OR REPLACE TEMP TABLE kept_rows AS SELECT row_id, w FROM (
      SELECT rowid AS row_id, row_number() OVER (ORDER BY event_time, rowid) - 1 AS r FROM features_1
    ) JOIN (VALUES (0, 1000000, 1400000, 2), (1, 1900000, 2000000, 1)) AS windows(w, s, e, k)
    ON r >= s AND r < e AND (r - s) % k = 0`);
  const kept = 'FROM features_1 AS t JOIN kept_rows ON t.rowid = kept_rows.row_id';
  const label = 'CAST(floor(f00 * 20) AS VARCHAR)';
  const times = { pull: [] as number[], sqlMoments: [] as number[], kernelMoments: [] as number[] };
  const labels = { inDuckdb: [] as number[], pulled: [] as number[] };
  for (let round = 0; round < 3; round++) {
    let windows: Float64Array[][] = [];
    times.pull.push(
      await timed(async () => {
        windows = await engine.groupedDoubleColumns(
          `SELECT w::DOUBLE, ${features.join(', ')} ${kept}`,
          [],
          [200_000, 100_000],
        );
      }),
    );
    times.sqlMoments.push(
      await timed(() =>
        engine.rows(
          `SELECT w, ${features.map((f) => `avg(${f}), var_samp(${f}), min(${f}), max(${f})`).join(', ')} ${kept} GROUP BY w`,
        ),
      ),
    );
    // The kernel sorts every window once for KS and the quantiles; the moments read the sorted copy.
    const sorted = windows.flat().map((column) => {
      const [copy] = kernel.allocate([column.length]) as [Float64Array];
      copy.set(column);
      kernel.sort(copy);
      return Float64Array.from(copy);
    });
    times.kernelMoments.push(
      await timed(() => {
        for (const column of sorted) {
          const [copy] = kernel.allocate([column.length]) as [Float64Array];
          copy.set(column);
          windowSummary(kernel, copy, copy.length);
        }
      }),
    );
    labels.inDuckdb.push(
      await timed(() => engine.rows(`SELECT w, ${label}, count(*)::DOUBLE ${kept} GROUP BY ALL`)),
    );
    labels.pulled.push(
      await timed(async () => {
        const counts = new Map<string, number>();
        for (const [w, value] of await engine.rows(`SELECT w, ${label} ${kept}`)) {
          counts.set(`${w} ${value}`, (counts.get(`${w} ${value}`) ?? 0) + 1);
        }
      }),
    );
  }
  await engine.close();
  const ms = (xs: number[]) => median(xs).toFixed(0);
  console.log(
    '\nIn DuckDB or pulled: 300,000 window rows of the shuffled model, process CPU ms, medians of 3',
  );
  console.log('| what | in DuckDB | pulled | kept |\n|---|---:|---:|---|');
  console.log(
    `| moments of 25 features, both windows | ${ms(times.sqlMoments)} (a scan of its own) | ${ms(times.kernelMoments)} ` +
      `(on the pulled windows, ${ms(times.pull)} to pull them, which KS, the bins and Wasserstein need anyway) | pulled |`,
  );
  console.log(
    `| counts per label of one categorical feature, both windows | ${ms(labels.inDuckdb)} | ${ms(labels.pulled)} | in DuckDB |`,
  );
}
