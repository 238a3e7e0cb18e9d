// npm run bench -- signal [--small]: the signal bench of issue 18.4, through the public API (startServiceC,
// `now` set) on the stores of bench/signalStore.ts (generated once per shape, cached in bench/.data, and
// copied before each bench run so that every run starts from no results and no stored profiles):
// - hourly buckets against the pinned 28 days, 12 consecutive hours, the onset after the 6th (Saturday 00:00,
//   48 hours before the data's end: a night and a weekend): false alarms as a share of no-drift model-hours,
//   detection as a share of drifted model-hours per drift kind and size, the delay to the first flag of the
//   planted column, per traffic level;
// - the default windows (the newest 5% against the pinned reference), twice: at the data's end, when the drift
//   fills the current window, and on the rows up to 12 hours after the onset, when it covers the newest 12 of
//   the window's hours: which models are flagged;
// - what `auto` chose per column, when drift_results has a seasonality column (the signal work adds it);
// - 20 tables of 2,000 uniform random rows with the default windows: every model ok.
// Flagged means status warning or alert. `--small` (or SIGNAL_BENCH=small) is the tuning size: 18 of the 40
// models, 6 hourly runs; `--hours N` sets the number of hourly runs (half before the onset).
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import {
  type DriftKind,
  driftKinds,
  featureNames,
  makeRandomStore,
  makeSignalStore,
  type SignalModel,
  type SignalStoreShape,
  signalEnd,
  signalModels,
  signalOnset,
  signalStart,
  type Traffic,
  trafficLevels,
} from './signalStore.js';

const hourMs = 3_600_000;
/** The store's shape: the full size's models; the small size runs some of them over fewer hours. */
const shape: SignalStoreShape = {
  cleanModels: 6,
  driftedModels: 2,
  days: 35,
  pinnedDays: 28,
  onsetHoursBeforeEnd: 48,
  seed: 18,
};
/** Hourly runs before and after the onset; the small size's models (the others are retired in its copy). */
const sizes = {
  full: { before: 6, after: 6, keep: (_: SignalModel) => true },
  small: { before: 3, after: 3, keep: (m: SignalModel) => /_(0|clean_1)$/.test(m.name) },
};
const randomCase = { models: 20, rows: 2_000 };
/** The second run of the default windows sees the rows up to this many hours after the onset. */
const dilutedHours = 12;

/** One column's row of one run in drift_results. */
interface ColumnRow {
  /** The feature, 'prediction', or 'performance:<metric>'. */
  column: string;
  flagged: boolean;
  /** Whether it was flagged before the gate (drift_results.status_before_gate), when the column exists. */
  flaggedBeforeGate: boolean;
  seasonality: string | null;
}

interface ModelRun {
  model: string;
  status: string;
  flagged: boolean;
  columns: ColumnRow[];
}

const isFlag = (status: unknown) => status === 'warning' || status === 'alert';
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function dataDir(): string {
  const dir = new URL('./.data/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh copy of the cached store made by `make` (generated first when missing). */
async function freshCopy(name: string, make: (path: string) => Promise<unknown>): Promise<string> {
  const cached = `${dataDir()}${name}.duckdb`;
  if (!existsSync(cached)) {
    const started = performance.now();
    rmSync(`${cached}.partial`, { force: true });
    await make(`${cached}.partial`);
    renameSync(`${cached}.partial`, cached);
    console.log(`${name} generated in ${seconds(performance.now() - started)} (cached in bench/.data)`);
  }
  const work = `${dataDir()}${name}-work.duckdb`;
  rmSync(`${work}.wal`, { force: true });
  copyFileSync(cached, work);
  return work;
}

/** Deletes every feature table's and the inference log's rows at or after `end`. */
async function truncate(database: string, end: number): Promise<void> {
  const engine = await openNodeEngine(database, { threads: 1, memoryLimit: '256MB' });
  try {
    const tables = await engine.rows('SELECT feature_table, timestamp_column FROM model_metadata');
    for (const [table, ts] of [...tables, ['model_events', 'event_time']]) {
      await engine.run(
        `DELETE FROM ${String(table)} WHERE ${String(ts)} >= make_timestamp(${end * 1000}::BIGINT)`,
      );
    }
  } finally {
    await engine.close();
  }
}

/** Takes these models out of production, so that runs skip them. */
async function retire(database: string, models: SignalModel[]): Promise<void> {
  const engine = await openNodeEngine(database, { threads: 1, memoryLimit: '256MB' });
  try {
    await engine.run(
      `UPDATE model_metadata SET status = 'retired' WHERE list_contains(?::VARCHAR[], model_name)`,
      [models.map((m) => m.name)],
    );
  } finally {
    await engine.close();
  }
}

/** The run's rows of drift_results, per model. */
async function runRows(database: string, runId: string): Promise<Map<string, ModelRun>> {
  const engine = await openNodeEngine(database, { threads: 1, memoryLimit: '256MB' });
  try {
    const has = async (column: string) =>
      (
        await engine.rows(
          `SELECT count(*) FROM duckdb_columns() WHERE table_name = 'drift_results' AND column_name = ?`,
          [column],
        )
      )[0]?.[0] === 1;
    const seasonality = (await has('seasonality')) ? 'seasonality' : 'NULL';
    const beforeGate = (await has('status_before_gate')) ? 'coalesce(status_before_gate, status)' : 'status';
    const rows = await engine.rows(
      `SELECT model_name, target, feature, status, ${beforeGate}, ${seasonality}::VARCHAR
       FROM drift_results WHERE run_id = ? ORDER BY model_name, target, feature`,
      [runId],
    );
    const models = new Map<string, ModelRun>();
    for (const [model, target, feature, status, before, season] of rows) {
      const name = String(model);
      const run = models.get(name) ?? { model: name, status: '', flagged: false, columns: [] };
      models.set(name, run);
      if (target === 'model') {
        run.status = String(status);
        run.flagged = isFlag(status);
      } else {
        run.columns.push({
          column: target === 'performance' ? `performance:${feature}` : String(feature),
          flagged: isFlag(status),
          flaggedBeforeGate: isFlag(before),
          seasonality: season === null ? null : String(season),
        });
      }
    }
    return models;
  } finally {
    await engine.close();
  }
}

/** One run through the public API; its rows and its wall time. */
async function timedRun(
  database: string,
  now: number,
  windows?: { kind: 'time'; bucketMs: number; historicalFrom: number; historicalTo: number },
): Promise<{ rows: Map<string, ModelRun>; ms: number; summary: RunSummary }> {
  const started = performance.now();
  const summary = await startServiceC({
    database,
    // This bench measures the signal: at the default 64MB a checkpoint while the profiles are written can
    // invalidate the database (issue 17); the hourly bench runs the defaults.
    duckdbMemoryLimit: '512MB',
    now: () => new Date(now),
    ...(windows === undefined ? {} : { windows }),
  }).done;
  const ms = performance.now() - started;
  return { rows: await runRows(database, summary.runId), ms, summary };
}

const plantedFlagged = (run: ModelRun | undefined, drift: DriftKind) =>
  run?.columns.some((c) => c.column === drift.feature && c.flagged) ?? false;

function falseAlarmTable(models: SignalModel[], hourly: Map<string, ModelRun>[], onsetRun: number) {
  console.log(
    '\n| traffic | no-drift model-hours | flagged | share (target ≤ 1%) | flagged before the gate | columns that flagged (model-hours) |',
  );
  console.log('|---|---:|---:|---:|---:|---|');
  const totals = { hours: 0, flagged: 0 };
  for (const traffic of Object.keys(trafficLevels) as Traffic[]) {
    let hours = 0;
    let flagged = 0;
    let beforeGate = 0;
    const byColumn = new Map<string, number>();
    for (const model of models.filter((m) => m.traffic === traffic)) {
      hourly.forEach((rows, k) => {
        if (model.drift !== null && k >= onsetRun) return;
        const run = rows.get(model.name);
        hours++;
        if (run?.columns.some((c) => c.flaggedBeforeGate)) beforeGate++;
        if (!run?.flagged) return;
        flagged++;
        for (const c of run.columns.filter((c) => c.flagged)) {
          byColumn.set(c.column, (byColumn.get(c.column) ?? 0) + 1);
        }
      });
    }
    totals.hours += hours;
    totals.flagged += flagged;
    const columns = [...byColumn].map(([c, n]) => `${c} ${n}`).join(', ');
    console.log(
      `| ${traffic} (${3600 / trafficLevels[traffic]} rows/h) | ${hours} | ${flagged} | ${pct(flagged, hours)} (${verdict(flagged <= 0.01 * hours)}) | ${pct(beforeGate, hours)} | ${columns} |`,
    );
  }
  console.log(
    `| both | ${totals.hours} | ${totals.flagged} | ${pct(totals.flagged, totals.hours)} (${verdict(totals.flagged <= 0.01 * totals.hours)}) | | |`,
  );
}

function detectionTable(models: SignalModel[], hourly: Map<string, ModelRun>[], onsetRun: number) {
  console.log(
    '\n| drift | size | column | traffic | drifted model-hours | model flagged | planted column flagged | target | delay to the first flag of the planted column, per model (hourly runs; target 1) |',
  );
  console.log('|---|---|---|---|---:|---:|---:|---|---|');
  for (const drift of driftKinds) {
    for (const traffic of Object.keys(trafficLevels) as Traffic[]) {
      const drifted = models.filter((m) => m.drift === drift && m.traffic === traffic);
      let hours = 0;
      let modelFlagged = 0;
      let columnFlagged = 0;
      const delays: string[] = [];
      for (const model of drifted) {
        let delay: number | null = null;
        for (let k = onsetRun; k < hourly.length; k++) {
          const run = hourly[k]?.get(model.name);
          hours++;
          if (run?.flagged) modelFlagged++;
          if (plantedFlagged(run, drift)) {
            columnFlagged++;
            delay ??= k - onsetRun + 1;
          }
        }
        delays.push(delay === null ? 'never' : String(delay));
      }
      const target =
        drift.target === undefined
          ? 'reported'
          : `≥ ${drift.target * 100}%: ${verdict(modelFlagged >= drift.target * hours)}, delay 1: ${verdict(delays.every((d) => d === '1'))}`;
      console.log(
        `| ${drift.what} | ${drift.size} | ${drift.feature} | ${traffic} | ${hours} | ${pct(modelFlagged, hours)} | ${pct(columnFlagged, hours)} | ${target} | ${delays.join(', ')} |`,
      );
    }
  }
}

function defaultWindowsTable(
  models: SignalModel[],
  rows: Map<string, ModelRun>,
  driftedTarget: 'all' | 'reported' = 'all',
) {
  const targeted = driftedTarget === 'all';
  console.log(
    `\n| traffic | no-drift models flagged (target 0) | drifted models flagged (${targeted ? 'target all' : 'reported'}) | drifted, planted column flagged | drifted models not flagged |`,
  );
  console.log('|---|---:|---:|---:|---|');
  for (const traffic of Object.keys(trafficLevels) as Traffic[]) {
    const mine = models.filter((m) => m.traffic === traffic);
    const clean = mine.filter((m) => m.drift === null);
    const drifted = mine.filter((m) => m.drift !== null);
    const cleanFlagged = clean.filter((m) => rows.get(m.name)?.flagged).length;
    const driftedFlagged = drifted.filter((m) => rows.get(m.name)?.flagged);
    const planted = drifted.filter((m) => m.drift && plantedFlagged(rows.get(m.name), m.drift)).length;
    const missed = drifted.filter((m) => !rows.get(m.name)?.flagged).map((m) => m.name);
    console.log(
      `| ${traffic} | ${cleanFlagged} of ${clean.length} (${verdict(cleanFlagged === 0)}) | ${driftedFlagged.length} of ${drifted.length}${targeted ? ` (${verdict(driftedFlagged.length === drifted.length)})` : ''} | ${planted} of ${drifted.length} | ${missed.join(', ')} |`,
    );
  }
  const flaggedColumns = new Map<string, number>();
  for (const m of models.filter((m) => m.drift === null)) {
    for (const c of rows.get(m.name)?.columns.filter((c) => c.flagged) ?? []) {
      flaggedColumns.set(c.column, (flaggedColumns.get(c.column) ?? 0) + 1);
    }
  }
  if (flaggedColumns.size > 0) {
    console.log(
      `no-drift models' flagged columns: ${[...flaggedColumns].map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
  }
}

const patterns: Record<string, string> = {
  load: 'daily cycle (amplitude 2.5–3.5σ)',
  latency_ms: 'mild daily swing (0.24σ)',
  basket_size: 'weekend effect (integer, mean 3 → 4.5)',
  channel: 'categorical, mix by hour (web 20–60%)',
  region: 'categorical, stationary',
  session_seconds: 'stationary, 2% missing',
  amount: 'stationary',
  risk: 'stationary',
  prediction: 'mild daily swing',
};

/** What seasonality each column got, over every model and run given. */
function seasonalityTable(hourly: Map<string, ModelRun>[], defaults: Map<string, ModelRun>) {
  const count = (runs: Map<string, ModelRun>[], column: string) => {
    const counts = new Map<string, number>();
    for (const rows of runs) {
      for (const run of rows.values()) {
        for (const c of run.columns.filter((c) => c.column === column)) {
          const key = c.seasonality ?? 'no seasonality column';
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    return [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
  };
  console.log('\n| column | pattern | hourly runs: cycle chosen (model-hours) | default windows (models) |');
  console.log('|---|---|---|---|');
  for (const column of [...featureNames, 'prediction']) {
    console.log(
      `| ${column} | ${patterns[column]} | ${count(hourly, column)} | ${count([defaults], column)} |`,
    );
  }
}

export async function signalBench(): Promise<void> {
  const small = process.argv.includes('--small') || process.env.SIGNAL_BENCH === 'small';
  const hoursArg = process.argv.indexOf('--hours');
  const size =
    hoursArg < 0
      ? small
        ? sizes.small
        : sizes.full
      : {
          ...(small ? sizes.small : sizes.full),
          before: Math.ceil(Number(process.argv[hoursArg + 1]) / 2),
          after: Math.floor(Number(process.argv[hoursArg + 1]) / 2),
        };
  const all = signalModels(shape);
  const models = all.filter(size.keep);
  const name = `signal-${shape.cleanModels}c${shape.driftedModels}d-${shape.days}d-${shape.onsetHoursBeforeEnd}h-s${shape.seed}`;
  const database = await freshCopy(name, (path) => makeSignalStore(path, shape));
  if (models.length < all.length)
    await retire(
      database,
      all.filter((m) => !size.keep(m)),
    );
  const hours = size.before + size.after;
  const onset = signalOnset(shape);
  const end = onset + size.after * hourMs;
  const onsetRun = size.before;
  const load = loadavg();

  const hourly: Map<string, ModelRun>[] = [];
  const runMs: number[] = [];
  for (let k = 0; k < hours; k++) {
    const bucketEnd = onset + (k + 1 - size.before) * hourMs;
    const { rows, ms, summary } = await timedRun(database, bucketEnd + 60_000, {
      kind: 'time',
      bucketMs: hourMs,
      historicalFrom: 0.5,
      historicalTo: 0.7,
    });
    hourly.push(rows);
    runMs.push(ms);
    const { readMs, computeMs, writeMs } = summary.timings;
    const profiles = summary.models.reduce(
      (sum, m) => [
        (sum[0] ?? 0) + (m.baseline?.profilesRead ?? 0),
        (sum[1] ?? 0) + (m.baseline?.profilesStored ?? 0),
      ],
      [0, 0],
    );
    process.stderr.write(
      `hourly run ${k + 1}/${hours}: ${seconds(ms)} (read ${seconds(readMs)}, compute ${seconds(computeMs)}, ` +
        `write ${seconds(writeMs)}; profiles read ${profiles[0]}, stored ${profiles[1]})\n`,
    );
  }
  const defaults = await timedRun(database, signalEnd(shape) + 60_000);
  const dilutedEnd = onset + dilutedHours * hourMs;
  await truncate(database, dilutedEnd);
  const diluted = await timedRun(database, dilutedEnd + 60_000);
  const random = await freshCopy(`random-${randomCase.models}x${randomCase.rows}-s18`, (path) =>
    makeRandomStore(path, randomCase.models, randomCase.rows, 18),
  );
  const randomRun = await timedRun(random, signalEnd(shape));

  const clean = models.filter((m) => m.drift === null).length;
  console.log(
    `\nSignal (issue 18.4)${small ? ', SMALL size' : ''}: ${models.length} models (${clean} without drift; ${models.length - clean} drifted: ` +
      `${driftKinds.length} kinds × ${shape.driftedModels} × 2 traffic levels), ${featureNames.length} features + prediction + labels each, ` +
      `${shape.days} days from Monday ${new Date(signalStart).toISOString().slice(0, 10)}, reference pinned to the first ${shape.pinnedDays} days; ` +
      `${hours} hourly runs (buckets ${new Date(end - hours * hourMs).toISOString().slice(0, 16)} to ${new Date(end).toISOString().slice(0, 16)} UTC), ` +
      `onset ${new Date(onset).toISOString().slice(0, 16)} UTC (before run ${onsetRun + 1}), the data's end ${new Date(signalEnd(shape)).toISOString().slice(0, 16)} UTC. Flagged = warning or alert. ` +
      `Load average at the start ${load.map((l) => l.toFixed(2)).join(' ')}.`,
  );
  console.log(
    `Hourly run wall: the first (stores the profiles) ${seconds(runMs[0] ?? 0)}, median of the others ${seconds(median(runMs.slice(1)))}; ` +
      `default windows ${seconds(defaults.ms)} and ${seconds(diluted.ms)}.`,
  );
  console.log('\nHourly buckets against the pinned reference: false alarms');
  falseAlarmTable(models, hourly, onsetRun);
  console.log('\nHourly buckets: detection (drifted model-hours, from the onset)');
  detectionTable(models, hourly, onsetRun);
  console.log(
    `\nThe default windows (newest 5% against the pinned reference) at the data's end: the drift fills the current window`,
  );
  defaultWindowsTable(models, defaults.rows);
  console.log(
    `\nThe default windows on the rows up to ${dilutedHours} hours after the onset: the drift covers the window's newest ${dilutedHours} hours of about ${Math.round(0.05 * (shape.days * 24 - shape.onsetHoursBeforeEnd + dilutedHours))}`,
  );
  defaultWindowsTable(models, diluted.rows, 'reported');
  console.log('\nWhat `auto` chose (drift_results.seasonality)');
  seasonalityTable(hourly, defaults.rows);
  const statuses = new Map<string, number>();
  for (const run of randomRun.rows.values()) statuses.set(run.status, (statuses.get(run.status) ?? 0) + 1);
  const ok = statuses.get('ok') ?? 0;
  console.log(
    `\n${randomCase.models} tables of ${randomCase.rows.toLocaleString('en-US')} uniform random rows × 2 features, default windows: ` +
      `${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ')} (target: ok: ${verdict(ok === randomCase.models)})`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}
