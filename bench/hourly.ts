// npm run bench -- hourly [--store N] [--models N] [--runs N] [--memory-limit SIZE]: the platform's hourly
// run of issue 21.2. A store of 300 models × 30 features + prediction + labels, 360 rows an hour, references
// pinned to 28 days (bench/hourlyStore.ts, generated once into bench/.data); `--store N` makes and uses a
// store of N models instead (generating 300 takes long on a busy 2-core machine: a scaled run, whose
// figures are per model), `--models N` leaves the first N in production. Every bench run starts cold: the store's drift_results, drift_outbox and drift_baselines are
// dropped first. Then, each in a plain node
// process of its own running the built package (bench/hourlyRuns.mjs), as a host would: one cold run
// (reading the pinned rows and storing the profiles), then `runs` hourly runs, one bucket after the other.
// The options are the defaults but the time windows (and the memory limit when given).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Engine } from '../src/engine/engine.js';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { hourlyFeatures, hourlyPinnedDays, hourlyStart, makeHourlyStore } from './hourlyStore.js';

const hourMs = 3_600_000;
const platformModels = 300;
/** The cold run's bucket: 10:00-11:00 on the day after the pinned 28 days; the hourly runs follow it. */
const coldBucketEnd = hourlyStart + hourlyPinnedDays * 86_400_000 + 11 * hourMs;

interface RunFigures {
  end: number;
  wallMs: number;
  readMs?: number;
  computeMs?: number;
  writeMs?: number;
  loopP999Ms?: number;
  loopMaxMs?: number;
  bytesRead?: number;
  profilesRead?: number;
  profilesStored?: number;
  rowsRead?: number;
  statuses?: Record<string, number>;
  errors?: string[];
  failed?: string;
}

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};

const withEngine = async <T>(path: string, use: (engine: Engine) => Promise<T>): Promise<T> => {
  const engine = await openNodeEngine(path, { threads: 2, memoryLimit: '1GB' });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
};

/** The store of `models` models (300: the platform's), generated when missing. */
async function storePath(models: number): Promise<string> {
  const dir = new URL('./.data/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}hourly-${models}x${hourlyFeatures}-s21.duckdb`;
  if (existsSync(path)) return path;
  const started = performance.now();
  rmSync(`${path}.partial`, { force: true });
  await makeHourlyStore(`${path}.partial`, models, 21);
  renameSync(`${path}.partial`, path);
  console.log(
    `hourly store generated in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.data)`,
  );
  return path;
}

/** The runs in a node process of their own: their figures and the process's peak RSS. */
function runInProcess(
  store: string,
  bucketEnds: number[],
  memoryLimit: string | undefined,
): { runs: RunFigures[]; peakRss: number } {
  const script = new URL('./hourlyRuns.mjs', import.meta.url).pathname;
  const out = execFileSync(process.execPath, [script, store, JSON.stringify(bucketEnds), memoryLimit ?? ''], {
    maxBuffer: 2 ** 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

/**
 * The drift_baselines bytes a run of the bucket ending at `end` needs, estimated from the stored rows: the
 * BLOB payload (octet_length of sample_values) plus 16 bytes per label count of every row the run selects.
 * With one row per column (today's layout) that is every row. With one row per (column, phase), a `phase`
 * column: the summary rows (phase NULL) and the rows of the bucket's phase in the column's cycle (hour of
 * day for 'day', hour of week for 'week', 0 for 'none'). `whole`: all of them as the doubles' own bytes, as
 * stored before format 4 packed the samples (8 bytes a kept row of a numeric phase row).
 */
async function profileBytes(
  engine: Engine,
  end: number,
): Promise<{ needed: number; all: number; whole: number }> {
  const columns = new Set(
    (await engine.rows(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'drift_baselines'`)).map(
      ([c]) => String(c),
    ),
  );
  if (columns.size === 0) return { needed: 0, all: 0, whole: 0 };
  const labels = '16 * coalesce(cardinality(label_counts), 0)';
  const bytes = `coalesce(octet_length(sample_values), 0) + ${labels}`;
  const unpacked = columns.has('sample_encoding')
    ? `CASE WHEN kind = 'numeric' AND phase IS NOT NULL THEN 8 * kept_rows ELSE 0 END + ${labels}`
    : bytes;
  const hour = Math.floor((end - hourMs) / hourMs);
  const selected =
    columns.has('phase') && columns.has('cycle')
      ? `phase IS NULL OR phase = CASE cycle WHEN 'day' THEN ${hour % 24} WHEN 'week' THEN ${(hour + 72) % 168} ELSE 0 END`
      : 'true';
  const [[needed, all, whole]] = (await engine.rows(
    `SELECT coalesce(sum(${bytes}) FILTER (${selected}), 0)::DOUBLE, coalesce(sum(${bytes}), 0)::DOUBLE,
            coalesce(sum(${unpacked}), 0)::DOUBLE FROM drift_baselines`,
  )) as [[number, number, number]];
  return { needed, all, whole };
}

const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(0)} MB`);
const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
/** How many times fewer profile bytes a run needs than the whole profiles unpacked (a cold run reads none). */
const fewer = (bytes: { needed: number; whole: number } | undefined) =>
  bytes === undefined || bytes.needed === 0
    ? '—'
    : `${(bytes.whole / bytes.needed).toFixed(1)}× (${verdict(bytes.whole >= 10 * bytes.needed)})`;
const rate = (bytes: number | undefined, ms: number | undefined) =>
  bytes === undefined || ms === undefined || ms === 0
    ? '—'
    : `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MB/s`;
const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export async function hourlyBench(): Promise<void> {
  const storeModels = Number(argument('--store') ?? platformModels);
  const models = Math.min(storeModels, Number(argument('--models') ?? storeModels));
  const hourlyRuns = Number(argument('--runs') ?? 3);
  const memoryLimit = argument('--memory-limit');
  const store = await storePath(storeModels);
  await withEngine(store, async (engine) => {
    await engine.run(
      'DROP TABLE IF EXISTS drift_outbox; DROP TABLE IF EXISTS drift_results; DROP TABLE IF EXISTS drift_baselines',
    );
    await engine.run(
      `UPDATE model_metadata SET status = CASE WHEN model_name < printf('model_%03d', ?::INTEGER) THEN 'production' ELSE 'retired' END`,
      [models],
    );
    await engine.run('CHECKPOINT');
  });
  const load = loadavg();
  const cold = runInProcess(store, [coldBucketEnd], memoryLimit);
  const coldFailed = cold.runs.some((r) => r.failed !== undefined);
  const hourly = coldFailed
    ? { runs: [], peakRss: 0 }
    : runInProcess(
        store,
        Array.from({ length: hourlyRuns }, (_, k) => coldBucketEnd + (k + 1) * hourMs),
        memoryLimit,
      );
  const loadAfter = loadavg();
  const bytes = await withEngine(store, async (engine) =>
    Promise.all([...cold.runs, ...hourly.runs].map((run) => profileBytes(engine, run.end))),
  );

  console.log(
    `\nThe platform's hourly run (issue 21.2): ${models} models × ${hourlyFeatures} features + prediction + labels, ` +
      `360 rows an hour, references pinned to ${hourlyPinnedDays} days (${mb(statSync(store).size)} file after the runs); ` +
      `default options but hourly buckets${memoryLimit ? ` and duckdbMemoryLimit ${memoryLimit}` : ''}; ` +
      `each phase in a node process of its own running the built package. Load average before ${load.map((l) => l.toFixed(2)).join(' ')}, ` +
      `after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (2 cores, shared).`,
  );
  console.log(
    '\n| run | bucket (UTC) | wall (target) | read | compute | write | profiles read / stored | bucket rows read | drift_baselines bytes the run needs (estimate; all stored; all unpacked) | fewer bytes than whole unpacked profiles (target ≥ 10×) | bytes read by the process | read MB/s (bytes read / read time; target ≥ 300, or the 10× above) | loop p99.9 (target < 15 ms) | loop max | model statuses |',
  );
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|');
  const all = [
    ...cold.runs.map((r) => ({ ...r, name: 'cold' })),
    ...hourly.runs.map((r, k) => ({ ...r, name: `hourly ${k + 1}` })),
  ];
  for (const [i, run] of all.entries()) {
    // The targets are the platform's (300 models): a run of fewer models gets its share of them.
    const targetMs = ((run.name === 'cold' ? 15 * 60_000 : 60_000) * models) / platformModels;
    const wall = `${s(run.wallMs)} (< ${s(targetMs)}${models === platformModels ? '' : `, ${models}/${platformModels} of the platform's`}: ${verdict(run.failed === undefined && run.wallMs < targetMs)})`;
    if (run.failed !== undefined) {
      console.log(
        `| ${run.name} | ${utc(run.end - hourMs)}–${utc(run.end)} | ${wall} | failed: ${run.failed} |`,
      );
      continue;
    }
    const statuses = Object.entries(run.statuses ?? {})
      .map(([status, n]) => `${status} ${n}`)
      .join(', ');
    console.log(
      `| ${run.name} | ${utc(run.end - hourMs)}–${utc(run.end)} | ${wall} | ${s(run.readMs)} | ${s(run.computeMs)} | ${s(run.writeMs)} | ` +
        `${run.profilesRead} / ${run.profilesStored} | ${run.rowsRead?.toLocaleString('en-US')} | ${mb(bytes[i]?.needed)} (${mb(bytes[i]?.all)}; ${mb(bytes[i]?.whole)}) | ` +
        `${fewer(bytes[i])} | ${mb(run.bytesRead)} | ${rate(run.bytesRead, run.readMs)} | ${run.loopP999Ms?.toFixed(1)} ms (${verdict((run.loopP999Ms ?? Infinity) < 15)}) | ${run.loopMaxMs?.toFixed(1)} ms | ${statuses} |`,
    );
    for (const error of run.errors ?? []) console.log(`  error: ${error}`);
  }
  for (const [name, phase] of [
    ['the cold run', cold],
    ['the hourly runs', hourly],
  ] as const) {
    if (phase.peakRss > 0) {
      console.log(
        `peak RSS of the process of ${name}: ${mb(phase.peakRss)} (target < 1 GB: ${verdict(phase.peakRss < 2 ** 30)})`,
      );
    }
  }
}
