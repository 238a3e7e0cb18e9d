// An hourly run (time buckets of one hour) of one model whose reference is pinned to its first 28 days, on a
// generated store cached in bench/.data (3.0M rows x 25 DOUBLE features in time order, one a second, and
// 302,400 predictions):
// the same run against its stored baseline and rescanning it (its profiles dropped first, so it reads the
// pinned rows again and stores them anew), in turn, on the native engine. Read time is the run's
// timings.readMs: window selection, fingerprints and pulling columns or profiles.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { defaultRunOptions, engineSettings } from '../src/run/options.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';

const shape = { features: 25, days: 35, pinnedDays: 28 };
const rounds = 5;
// The data ends at 2026-02-05 00:00: at 00:30 the last closed hour is its last hour.
const now = new Date(Date.UTC(2026, 0, 1 + shape.days, 0, 30));

function storePath(): string {
  const dir = new URL('./.data/', import.meta.url).pathname;
  const store = `${dir}baseline-${shape.features}x${shape.days}d-1s-pinned${shape.pinnedDays}d.duckdb`;
  if (existsSync(store)) return store;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const script = new URL('./makeBaselineStore.ts', import.meta.url).pathname;
  const args = [shape.features, shape.days, shape.pinnedDays].map(String);
  execFileSync('npx', ['tsx', script, `${store}.partial`, ...args], { stdio: 'inherit' });
  renameSync(`${store}.partial`, store);
  console.log(
    `store generated in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.data)`,
  );
  return store;
}

const hourly = (database: string) =>
  startServiceC({
    database,
    now: () => now,
    windows: { kind: 'time', bucketMs: 3_600_000, historicalFrom: 0.5, historicalTo: 0.7 },
  }).done;

async function forgetProfiles(database: string): Promise<void> {
  const engine = await openNodeEngine(database, engineSettings(defaultRunOptions));
  try {
    await engine.run('DROP TABLE IF EXISTS drift_baselines');
  } finally {
    await engine.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function baselineBench(): Promise<void> {
  const database = storePath();
  const runs = { rescan: [] as RunSummary[], stored: [] as RunSummary[] };
  for (let round = 0; round < rounds; round++) {
    await forgetProfiles(database);
    runs.rescan.push(await hourly(database));
    runs.stored.push(await hourly(database));
  }
  const [rescan, stored] = [runs.rescan, runs.stored].map((summaries) => ({
    readMs: median(summaries.map((s) => s.timings.readMs)),
    writeMs: median(summaries.map((s) => s.timings.writeMs)),
    model: summaries[0]?.models[0],
  }));
  const same = runs.stored.every(
    (s, i) => JSON.stringify(s.models[0]?.features) === JSON.stringify(runs.rescan[i]?.models[0]?.features),
  );
  console.log(
    `\nBaseline: an hourly run of 1 model x ${shape.features} features + predictions, reference pinned to ${shape.pinnedDays} of ${shape.days} days (median of ${rounds}, native engine)`,
  );
  console.log(
    '| reference | read ms | write ms | rows read | profiles read / stored |\n|---|---:|---:|---:|---:|',
  );
  for (const [name, run] of [
    ['rescanned (rows of the range)', rescan],
    ['stored profiles', stored],
  ] as const) {
    const b = run?.model?.baseline;
    console.log(
      `| ${name} | ${run?.readMs.toFixed(0)} | ${run?.writeMs.toFixed(0)} | ${run?.model?.rowsRead.toLocaleString('en')} | ${b?.profilesRead} / ${b?.profilesStored} |`,
    );
  }
  const ratio = (rescan?.readMs ?? 0) / (stored?.readMs ?? 1);
  console.log(
    `read time rescanned / stored: ${ratio.toFixed(1)}x (target at least 3x: ${ratio >= 3 ? 'met' : 'missed'}); results identical: ${same}`,
  );
}
