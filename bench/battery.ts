// The full battery for one numeric feature, all on the same arrays in one run: the public compare() on
// Float64Array and on number[], the internal kernel battery it wraps, the TypeScript kernel, the numpy/SciPy battery this
// product replaces and SciPy's ks_2samp alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from '../src/compare/compare.js';
import { allocateNumericTask, numericDrift } from '../src/compare/numericDrift.js';
import { defaultCompareOptions } from '../src/compare/options.js';
import type { DriftResult } from '../src/compare/result.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { generateSample } from '../test/fixtures/generateSample.js';

const sizes = [10_000, 100_000, 1_000_000];

interface NumpyRun {
  numpy: string;
  scipy: string;
  batteryMs: number;
  ksMs: number;
  battery: { statistic: number; psi: number; kl: number; js: number; wasserstein: number };
}

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

/** Median ms of each contender, run in turn within every repeat so a busy spell hits them alike. */
async function timeInTurn(contenders: (() => unknown)[], repeats: number): Promise<number[]> {
  const times = contenders.map(() => [] as number[]);
  for (let i = 0; i <= repeats; i++) {
    for (const [c, run] of contenders.entries()) {
      const start = performance.now();
      await run();
      if (i > 0) times[c]?.push(performance.now() - start);
    }
  }
  return times.map(median);
}

function timeNumpy(reference: Float64Array, current: Float64Array, repeats: number): NumpyRun {
  const dir = mkdtempSync(join(tmpdir(), 'service-c-bench-'));
  try {
    writeFileSync(join(dir, 'reference.f64'), reference);
    writeFileSync(join(dir, 'current.f64'), current);
    const script = new URL('./numpy_battery.py', import.meta.url).pathname;
    // These variables pick an older, slower OpenBLAS kernel on some machines: numpy runs at its best here.
    const { OPENBLAS_CORETYPE: _, OPENBLAS_L2_SIZE: __, ...env } = process.env;
    const out = execFileSync(
      'python3',
      [script, join(dir, 'reference.f64'), join(dir, 'current.f64'), String(repeats)],
      { encoding: 'utf8', env },
    );
    return JSON.parse(out) as NumpyRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertAgrees(n: number, ours: DriftResult, numpy: NumpyRun['battery']): void {
  const pairs = [
    ['KS statistic', ours.ks?.statistic, numpy.statistic, 1e-12],
    ['PSI', ours.psi, numpy.psi, 1e-9],
    ['KL', ours.kl, numpy.kl, 1e-9],
    ['JS', ours.js, numpy.js, 1e-9],
    ['Wasserstein', ours.wasserstein, numpy.wasserstein, 1e-9],
  ] as const;
  for (const [name, a, b, tolerance] of pairs) {
    if (!(Math.abs((a ?? Number.NaN) - b) <= tolerance * Math.abs(b) + 1e-15)) {
      throw new Error(`${name} disagrees with numpy/SciPy at n=${n}: ${a} vs ${b}`);
    }
  }
}

const times = (x: number) => `${x.toFixed(1)}×`;
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

export async function batteryBench(): Promise<void> {
  const wasm = await loadWasmKernel();
  const rows: string[] = [];
  let versions = '';
  let targets = '';
  for (const n of sizes) {
    const reference = sampleOf(1, n, 0);
    const current = sampleOf(2, n, 0.01);
    const repeats = n >= 1_000_000 ? 5 : n >= 100_000 ? 10 : 30;
    const referenceList = Array.from(reference);
    const currentList = Array.from(current);
    const [compareMs, kernelMs, jsMs, listMs] = (await timeInTurn(
      [
        () => compare(reference, current),
        () => battery(wasm, reference, current),
        () => battery(jsKernel, reference, current),
        () => compare(referenceList, currentList),
      ],
      repeats,
    )) as [number, number, number, number];
    const numpy = timeNumpy(reference, current, repeats);
    assertAgrees(n, await compare(reference, current), numpy.battery);
    versions = `numpy ${numpy.numpy}, SciPy ${numpy.scipy}`;
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${compareMs.toFixed(1)} | ${listMs.toFixed(1)} | ${kernelMs.toFixed(1)} | ${jsMs.toFixed(1)} | ` +
        `${numpy.batteryMs.toFixed(1)} | ${numpy.ksMs.toFixed(1)} | ${times(compareMs / kernelMs)} | ` +
        `${times(numpy.batteryMs / compareMs)} | ${times(numpy.ksMs / compareMs)} | ${times(jsMs / kernelMs)} |`,
    );
    targets =
      `Targets at n = ${n.toLocaleString('en-US')}: compare() / kernel battery ${times(compareMs / kernelMs)} ` +
      `(target at most 1.3×: ${verdict(compareMs <= 1.3 * kernelMs)}); numpy/SciPy battery / compare() ` +
      `${times(numpy.batteryMs / compareMs)} (target at least 10×: ${verdict(numpy.batteryMs >= 10 * compareMs)}); ` +
      `ks_2samp alone / compare() ${times(numpy.ksMs / compareMs)} (target at least 5×: ${verdict(numpy.ksMs >= 5 * compareMs)})`;
  }

  console.log(
    `Battery for one numeric feature, n values per window, median ms (node ${process.version}, ${versions})\n`,
  );
  console.log(
    '| n per window | compare() on Float64Array | compare() on number[] | kernel battery | TypeScript battery | numpy/SciPy battery | ' +
      'SciPy ks_2samp alone | compare() / kernel | numpy battery / compare() | ks_2samp / compare() | TS / kernel |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\n${targets}`);
}
