// Realized performance of one model on the WebAssembly kernel and on the TypeScript kernel, on the same
// labelled windows: binary (split, sort, AUC, 200 bootstrap resamples of its change, the other metrics) and
// regression (RMSE's bootstrap and the others).
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { defaultPerformanceOptions } from '../src/performance/options.js';
import { performanceDrift } from '../src/performance/performanceDrift.js';
import type { LabelledWindow, PerformanceTask } from '../src/performance/result.js';

const sizes = [10_000, 100_000];

/** n events of a calibrated model: a score from an LCG, its label drawn with the score as probability. */
function labelledWindow(seed: number, n: number): LabelledWindow {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const predictions = Float64Array.from({ length: n }, uniform);
  const labels = predictions.map((p) => (uniform() < p ? 1 : 0));
  return { predictions, labels };
}

function medianMs(run: () => void, repeats: number): number {
  run();
  const times = Array.from({ length: repeats }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return times[repeats >> 1] as number;
}

export async function performanceBench(): Promise<void> {
  const wasm = await loadWasmKernel();
  console.log('\nperformance (median ms of 3; resamples 200; both windows of n labelled events)');
  console.log('task | n per window | kernel | TypeScript | TS / kernel');
  for (const task of ['binary_classification', 'regression'] as PerformanceTask[]) {
    for (const n of sizes) {
      const reference = labelledWindow(1, n);
      const current = labelledWindow(2, n);
      const time = (kernel: Kernel) =>
        medianMs(() => {
          performanceDrift(kernel, { task, reference, current, options: defaultPerformanceOptions });
        }, 3);
      const [ours, js] = [time(wasm), time(jsKernel)];
      console.log(`${task} | ${n} | ${ours.toFixed(1)} | ${js.toFixed(1)} | ${(js / ours).toFixed(1)}×`);
    }
  }
}
