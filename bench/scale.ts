// Platform scale: `service-c serve` on a store of 300 models × 30 features with 2,000 hourly runs of
// drift_results history (bench/scaleStore.ts). Each figure is printed beside its target. One measurement
// per figure unless it says "median": the machine is shared, so absolute times are noisy.
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeScaleStore, scaleFeatures, scaleModels } from './scaleStore.js';

const runs = 2_000;
const cli = new URL('../dist/cli.js', import.meta.url).pathname;

/** A figure beside its target: `ms` measured, `targetMs` the bound it must stay under. */
export interface Figure {
  what: string;
  ms: number;
  targetMs?: number;
  note?: string;
}

export async function scaleBench(): Promise<void> {
  const store = await makeScaleStore(runs);
  const figures: Figure[] = [];
  const serve = await startServe(store);
  try {
    figures.push({ what: '`serve` start until /metrics answers', ms: serve.startMs, targetMs: 1_000 });
    figures.push(await medianOf(5, '/healthz', () => timedGet(`${serve.url}/healthz`)));
    figures.push({
      ...(await medianOf(5, '/api/models', () => timedGet(`${serve.url}/api/models`))),
      targetMs: 100,
    });
  } finally {
    serve.child.kill('SIGTERM');
  }
  console.log(
    `\nScale: ${scaleModels} models x ${scaleFeatures} features, ${runs.toLocaleString('en-US')} runs of history`,
  );
  printFigures(figures);
}

/** Prints the figures as a table, each target beside its figure and whether it was met. */
export function printFigures(figures: readonly Figure[]): void {
  console.log('| what | measured | target |\n|---|---:|---|');
  for (const { what, ms, targetMs, note } of figures) {
    const target = targetMs === undefined ? '' : `< ${targetMs} ms: ${ms < targetMs ? 'met' : 'MISSED'}`;
    console.log(`| ${what} | ${ms.toFixed(0)} ms${note ? ` (${note})` : ''} | ${target} |`);
  }
}

async function medianOf(times: number, what: string, measure: () => Promise<number>): Promise<Figure> {
  const all: number[] = [];
  for (let i = 0; i < times; i++) all.push(await measure());
  const sorted = [...all].sort((a, b) => a - b);
  return {
    what: `${what}, median of ${times}`,
    ms: sorted[Math.floor(times / 2)] ?? Number.NaN,
    note: `first ${all[0]?.toFixed(0)} ms`,
  };
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

interface Serving {
  child: ChildProcess;
  url: string;
  startMs: number;
}

/** `service-c serve` on the store, timed from spawn until /metrics answers 200. */
async function startServe(database: string): Promise<Serving> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--db', database, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  for (;;) {
    const address = /serving http:\/\/(\S+)\/metrics/.exec(stderr)?.[1];
    if (address !== undefined) {
      const url = `http://${address}`;
      const response = await fetch(`${url}/metrics`).catch(() => undefined);
      if (response?.ok) {
        await response.arrayBuffer();
        return { child, url, startMs: performance.now() - started };
      }
    }
    if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
    await sleep(5);
  }
}
