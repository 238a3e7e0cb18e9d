// The full battery for one numeric feature, all on the same arrays in one run: the public compare() on
// Float64Array and on number[], the internal kernel battery it wraps, the TypeScript kernel, the numpy/SciPy battery this
// product replaces and SciPy's ks_2samp alone, all six taking turns within every repeat.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { compare } from '../src/compare/compare.js';
import { allocateNumericTask, numericDrift } from '../src/compare/numericDrift.js';
import { defaultCompareOptions } from '../src/compare/options.js';
import type { DriftResult } from '../src/compare/result.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { generateSample } from '../test/fixtures/generateSample.js';

const sizes = [10_000, 100_000, 1_000_000];

interface NumpyBattery {
  statistic: number;
  pvalue: number;
  psi: number;
  kl: number;
  js: number;
  wasserstein: number;
}

/** bench/numpy_battery.py kept running on the arrays: each `time` runs one battery or one ks_2samp there. */
interface Numpy {
  numpy: string;
  scipy: string;
  battery: NumpyBattery;
  time(run: 'battery' | 'ks'): Promise<number>;
  close(): void;
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

/** A contender answers with its own ms: the JavaScript ones are timed here, Python times itself. */
type Contender = () => Promise<number>;

function timed(run: () => unknown): Contender {
  return async () => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };
}

/** Median ms of each contender, run in turn within every repeat so a busy spell hits them alike. */
async function timeInTurn(contenders: Contender[], repeats: number): Promise<number[]> {
  const times = contenders.map(() => [] as number[]);
  for (let i = 0; i <= repeats; i++) {
    for (const [c, run] of contenders.entries()) {
      const ms = await run();
      if (i > 0) times[c]?.push(ms);
    }
  }
  return times.map(median);
}

async function startNumpy(reference: Float64Array, current: Float64Array): Promise<Numpy> {
  const dir = mkdtempSync(join(tmpdir(), 'service-c-bench-'));
  writeFileSync(join(dir, 'reference.f64'), reference);
  writeFileSync(join(dir, 'current.f64'), current);
  const script = new URL('./numpy_battery.py', import.meta.url).pathname;
  // These variables pick an older, slower OpenBLAS kernel on some machines: numpy runs at its best here.
  const { OPENBLAS_CORETYPE: _, OPENBLAS_L2_SIZE: __, ...env } = process.env;
  const child = spawn('python3', [script, join(dir, 'reference.f64'), join(dir, 'current.f64')], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const line = async () => {
    const next = await lines.next();
    if (next.done === true)
      throw new Error('bench/numpy_battery.py stopped (are numpy and SciPy installed?)');
    return next.value;
  };
  const first = JSON.parse(await line()) as Pick<Numpy, 'numpy' | 'scipy' | 'battery'>;
  return {
    ...first,
    time: async (run) => {
      child.stdin.write(`${run}\n`);
      return Number(await line());
    },
    close: () => {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function assertAgrees(n: number, ours: DriftResult, numpy: NumpyBattery): void {
  const pairs = [
    ['KS statistic', ours.ks?.statistic, numpy.statistic, 1e-12],
    ['KS p-value', ours.ks?.pvalue, numpy.pvalue, 1e-9],
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

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(', ');

export async function batteryBench(): Promise<void> {
  const wasm = await loadWasmKernel();
  const rows: string[] = [];
  let versions = '';
  let targets = '';
  const loadBefore = load();
  for (const n of sizes) {
    const reference = sampleOf(1, n, 0);
    const current = sampleOf(2, n, 0.01);
    const repeats = n >= 1_000_000 ? 7 : n >= 100_000 ? 10 : 30;
    const referenceList = Array.from(reference);
    const currentList = Array.from(current);
    const numpy = await startNumpy(reference, current);
    const [compareMs, kernelMs, jsMs, listMs, numpyMs, ksMs] = (await timeInTurn(
      [
        timed(() => compare(reference, current)),
        timed(() => battery(wasm, reference, current)),
        timed(() => battery(jsKernel, reference, current)),
        timed(() => compare(referenceList, currentList)),
        () => numpy.time('battery'),
        () => numpy.time('ks'),
      ],
      repeats,
    ).finally(numpy.close)) as [number, number, number, number, number, number];
    assertAgrees(n, await compare(reference, current), numpy.battery);
    versions = `numpy ${numpy.numpy}, SciPy ${numpy.scipy}`;
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${compareMs.toFixed(1)} | ${listMs.toFixed(1)} | ${kernelMs.toFixed(1)} | ${jsMs.toFixed(1)} | ` +
        `${numpyMs.toFixed(1)} | ${ksMs.toFixed(1)} | ${times(compareMs / kernelMs)} | ` +
        `${times(numpyMs / compareMs)} | ${times(ksMs / compareMs)} | ${times(jsMs / kernelMs)} |`,
    );
    targets =
      `Targets at n = ${n.toLocaleString('en-US')}: compare() / kernel battery ${times(compareMs / kernelMs)} ` +
      `(target at most 1.3×: ${verdict(compareMs <= 1.3 * kernelMs)}); numpy/SciPy battery / compare() ` +
      `${times(numpyMs / compareMs)} (target at least 20×: ${verdict(numpyMs >= 20 * compareMs)}); ` +
      `ks_2samp alone / compare() ${times(ksMs / compareMs)} (target at least 10×: ${verdict(ksMs >= 10 * compareMs)})`;
  }

  console.log(
    `Battery for one numeric feature, n values per window, median ms (node ${process.version}, ${versions}; ` +
      `load average ${loadBefore} before, ${load()} after)\n`,
  );
  console.log(
    '| n per window | compare() on Float64Array | compare() on number[] | kernel battery | TypeScript battery | numpy/SciPy battery | ' +
      'SciPy ks_2samp alone | compare() / kernel | numpy battery / compare() | ks_2samp / compare() | TS / kernel |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\n${targets}`);
}
