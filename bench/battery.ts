// The full battery for one numeric feature on the WebAssembly kernel and on the
// TypeScript kernel, and SciPy's ks_2samp alone, all on the same arrays in one run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateNumericTask, numericDrift } from '../src/compare/numericDrift.js';
import { defaultCompareOptions } from '../src/compare/options.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { generateSample } from '../test/fixtures/generateSample.js';

const sizes = [10_000, 100_000, 1_000_000];

function sampleOf(seed: number, n: number, shift: number): Float64Array {
  return Float64Array.from(
    generateSample({ seed, n, terms: 4, scale: 1, shift, levels: 0, missingEvery: 0 }) as number[],
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function battery(kernel: Kernel, reference: Float64Array, current: Float64Array) {
  const task = allocateNumericTask(kernel, reference.length, current.length, defaultCompareOptions.bins);
  task.reference.set(reference);
  task.current.set(current);
  return numericDrift(kernel, task, defaultCompareOptions);
}

function timeBattery(kernel: Kernel, reference: Float64Array, current: Float64Array, repeats: number) {
  battery(kernel, reference, current);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    battery(kernel, reference, current);
    times.push(performance.now() - start);
  }
  return median(times);
}

function timeScipy(reference: Float64Array, current: Float64Array, repeats: number) {
  const dir = mkdtempSync(join(tmpdir(), 'service-c-bench-'));
  try {
    writeFileSync(join(dir, 'reference.f64'), reference);
    writeFileSync(join(dir, 'current.f64'), current);
    const script = new URL('./scipy_ks.py', import.meta.url).pathname;
    const out = execFileSync(
      'python3',
      [script, join(dir, 'reference.f64'), join(dir, 'current.f64'), String(repeats)],
      {
        encoding: 'utf8',
      },
    );
    return JSON.parse(out) as { scipy: string; medianMs: number; statistic: number; pvalue: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function batteryBench(): Promise<void> {
  const wasm = await loadWasmKernel();
  const rows: string[] = [];
  let scipyVersion = '';
  for (const n of sizes) {
    const reference = sampleOf(1, n, 0);
    const current = sampleOf(2, n, 0.01);
    const repeats = n >= 1_000_000 ? 5 : n >= 100_000 ? 10 : 30;
    const result = battery(wasm, reference, current);
    const wasmMs = timeBattery(wasm, reference, current, repeats);
    const jsMs = timeBattery(jsKernel, reference, current, repeats);
    const scipy = timeScipy(reference, current, repeats);
    scipyVersion = scipy.scipy;
    if (Math.abs(scipy.statistic - (result.ks?.statistic ?? Number.NaN)) > 1e-12) {
      throw new Error(
        `KS statistic disagrees with SciPy at n=${n}: ${result.ks?.statistic} vs ${scipy.statistic}`,
      );
    }
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${wasmMs.toFixed(1)} | ${jsMs.toFixed(1)} | ${scipy.medianMs.toFixed(1)} | ` +
        `${(jsMs / wasmMs).toFixed(1)}× | ${(scipy.medianMs / wasmMs).toFixed(1)}× |`,
    );
  }

  console.log(
    `Battery for one numeric feature, n values per window, median ms (node ${process.version}, SciPy ${scipyVersion})\n`,
  );
  console.log(
    '| n per window | kernel battery | TypeScript battery | SciPy ks_2samp alone | TS / kernel | SciPy / kernel |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}
