// Both engines on the demo database (npm start's, 1M rows in the largest table): the same run, as
// `service-c demo` makes it, on a fresh copy each time, rounds alternating the engines. Reports the median
// wall time and its split, the host's event-loop delay, and whether the results agree to the last bit.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { createDemoDatabase } from '../src/demo/createDemoDatabase.js';
import type { EngineKind } from '../src/engine/engine.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';

const rounds = 5;
const engines: EngineKind[] = ['node', 'wasm'];

interface Measured {
  totalMs: number;
  summary: RunSummary;
  delayP99Ms: number;
  delayMaxMs: number;
}

export async function enginesBench(): Promise<void> {
  const dir = new URL('./.data/', import.meta.url).pathname;
  const demo = `${dir}demo.duckdb`;
  if (!existsSync(demo)) {
    mkdirSync(dir, { recursive: true });
    await createDemoDatabase(demo);
  }
  const now = new Date();
  const measured = new Map<EngineKind, Measured[]>(engines.map((engine) => [engine, []]));
  for (let round = 0; round < rounds; round++) {
    for (const engine of round % 2 === 0 ? engines : [...engines].reverse()) {
      const db = `${dir}demo-${engine}.duckdb`;
      copyFileSync(demo, db);
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const started = performance.now();
      const summary = await startServiceC({ database: db, engine, now: () => now }).done;
      const totalMs = performance.now() - started;
      delay.disable();
      measured.get(engine)?.push({
        totalMs,
        summary,
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMaxMs: delay.max / 1e6,
      });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(`\nEngines: the demo database, ${rounds} runs each (medians, ms)`);
  console.log(
    '| engine | total | read | compute | write | open + close | event-loop p99 | event-loop max |\n|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const [engine, runs] of measured) {
    const m = (pick: (r: Measured) => number) => median(runs.map(pick)).toFixed(0);
    const step = (r: Measured) =>
      r.totalMs - r.summary.timings.readMs - r.summary.timings.computeMs - r.summary.timings.writeMs;
    console.log(
      `| ${engine} | ${m((r) => r.totalMs)} | ${m((r) => r.summary.timings.readMs)} | ${m((r) => r.summary.timings.computeMs)} | ${m((r) => r.summary.timings.writeMs)} | ${m(step)} | ${m((r) => r.delayP99Ms)} | ${m((r) => r.delayMaxMs)} |`,
    );
  }
  const [native, wasm] = engines.map((engine) => measured.get(engine)?.[0]?.summary.models);
  console.log(
    `\nsame results on both engines, to the last bit: ${isDeepStrictEqual(native, wasm) ? 'yes' : 'NO'}`,
  );
}
