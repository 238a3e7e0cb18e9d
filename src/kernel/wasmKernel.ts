// The WebAssembly boundary: the only file that touches the kernel's memory. It compiles the module once,
// instantiates it per kernel, copies nothing it does not have to, and rebuilds its views after growth.
import { compileWasm, type WasmSource } from '../util/compileWasm.js';
import { bootstrapScratch } from './bootstrapScratch.js';
import type { Kernel, SortedClasses } from './kernel.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  compactFinite(values: number, n: number): number;
  sortScratchBytes(n: number): number;
  sort(values: number, n: number, scratch: number): void;
  ecdfDistances(a: number, n: number, b: number, m: number, out: number): void;
  quantileSorted(sorted: number, n: number, p: number): number;
  countBins(sorted: number, n: number, edges: number, k: number, counts: number): void;
  slotBinCounts(values: number, slots: number, n: number, edges: number, k: number, counts: number): void;
  psi(reference: number, current: number, k: number, epsilon: number): number;
  kl(reference: number, current: number, k: number, epsilon: number): number;
  jsDistance(reference: number, current: number, k: number): number;
  mean(values: number, n: number): number;
  variance(values: number, n: number, center: number): number;
  smirnovSum(n: number, x: number): number;
  rocAuc(positives: number, np: number, negatives: number, nn: number): number;
  bootstrapAucChange(
    refPositives: number,
    refNp: number,
    refNegatives: number,
    refNn: number,
    curPositives: number,
    curNp: number,
    curNegatives: number,
    curNn: number,
    seed: number,
    weights: number,
    out: number,
    resamples: number,
  ): void;
  bootstrapRmseChange(
    reference: number,
    nr: number,
    current: number,
    nc: number,
    seed: number,
    weights: number,
    out: number,
    resamples: number,
  ): void;
  isotonicFit(
    positives: number,
    np: number,
    negatives: number,
    nn: number,
    upper: number,
    level: number,
    counts: number,
  ): number;
  isotonicApply(sorted: number, n: number, upper: number, level: number, blocks: number, out: number): void;
  estimatedMetrics(sorted: number, probabilities: number, n: number, threshold: number, out: number): void;
  realizedMetrics(
    positives: number,
    np: number,
    negatives: number,
    nn: number,
    threshold: number,
    out: number,
  ): void;
  bootstrapRealizedMetrics(
    positives: number,
    np: number,
    negatives: number,
    nn: number,
    size: number,
    threshold: number,
    seed: number,
    weights: number,
    out: number,
    resamples: number,
  ): void;
}

/** Where a kernel comes from: its URL, its bytes, or the module already compiled (workerd imports it so). */
export type KernelSource = WasmSource;

// The only module-level state: the packaged kernel compiled, shared by every instance in this thread, and
// the instance that callers without a kernel of their own share.
let compiled: Promise<WebAssembly.Module> | undefined;
let shared: Promise<Kernel> | undefined;

/**
 * Compiles the kernel: the given one, or build/kernel.wasm once per thread. Workers may be handed the result.
 * The packaged file is found from `import.meta.url` only when asked for: workerd has none (a module-level
 * `new URL(..., import.meta.url)` throws there when the module loads).
 */
export function compileKernel(source?: KernelSource): Promise<WebAssembly.Module> {
  if (source !== undefined) return compileWasm(source, 'the drift kernel');
  compiled ??= compileWasm(packagedKernelUrl(), 'the drift kernel');
  return compiled;
}

function packagedKernelUrl(): URL {
  if (typeof import.meta.url !== 'string') {
    throw new Error(
      'this runtime gives modules no URL: pass the kernel (kernel.wasm) as a URL, its bytes or a WebAssembly.Module',
    );
  }
  return new URL('../../build/kernel.wasm', import.meta.url);
}

/** A kernel on its own WebAssembly instance (its own memory). */
export async function loadWasmKernel(source?: KernelSource): Promise<Kernel> {
  const instance = await WebAssembly.instantiate(await compileKernel(source), {
    // The host's Math: the kernel's p-values then round as the TypeScript twin's (kernel/hostMath.ts).
    env: { abort: kernelAbort, exp: Math.exp, log: Math.log, log1p: Math.log1p },
  });
  return wasmKernel(instance.exports as unknown as KernelExports);
}

/**
 * This thread's shared kernel: its memory, grown once to the largest task, serves the next call. Safe to
 * share because a task runs synchronously from `allocate` to its last read.
 */
export function threadWasmKernel(): Promise<Kernel> {
  shared ??= loadWasmKernel();
  return shared;
}

function kernelAbort(): never {
  throw new Error('the drift kernel aborted (out of memory?)');
}

function wasmKernel(k: KernelExports): Kernel {
  let scratch = 0;
  let scratchLength = 0;
  // Four doubles for routines that answer with more than one number.
  let out = 0;

  const pointer = (view: Float64Array): number => {
    if (view.buffer !== k.memory.buffer) {
      throw new Error('the WebAssembly kernel only works on arrays from its latest allocate()');
    }
    return view.byteOffset;
  };

  const classPointers = ({ positives, negatives }: SortedClasses) =>
    [pointer(positives), positives.length, pointer(negatives), negatives.length] as const;

  return {
    name: 'wasm',
    allocate(lengths) {
      k.reset();
      const pointers = lengths.map((length) => k.alloc(length * 8));
      scratchLength = Math.max(0, ...lengths);
      scratch = k.alloc(k.sortScratchBytes(scratchLength));
      out = k.alloc(32);
      // Views are made only now: any alloc may have grown the memory and detached earlier views.
      const views = pointers.map((at, i) => new Float64Array(k.memory.buffer, at, lengths[i]));
      for (const view of views) view.fill(0);
      return views;
    },
    compactFinite: (values) => k.compactFinite(pointer(values), values.length),
    sort(values) {
      if (values.length > scratchLength) throw new Error('sort needs an array from the latest allocate()');
      k.sort(pointer(values), values.length, scratch);
    },
    ecdfDistances(a, b) {
      k.ecdfDistances(pointer(a), a.length, pointer(b), b.length, out);
      const [ks, wasserstein, mood, tie] = new Float64Array(k.memory.buffer, out, 4);
      return {
        ks: ks as number,
        wasserstein: wasserstein as number,
        mood: tie === 0 ? (mood as number) : Number.NaN,
      };
    },
    quantileSorted: (sorted, p) => k.quantileSorted(pointer(sorted), sorted.length, p),
    countBins: (sorted, edges, counts) =>
      k.countBins(pointer(sorted), sorted.length, pointer(edges), edges.length, pointer(counts)),
    slotBinCounts(values, slots, edges, counts) {
      if (slots.length < values.length) throw new Error('slotBinCounts: fewer slots than values');
      k.slotBinCounts(
        pointer(values),
        pointer(slots),
        values.length,
        pointer(edges),
        edges.length,
        pointer(counts),
      );
    },
    psi: (reference, current, epsilon) =>
      k.psi(pointer(reference), pointer(current), reference.length, epsilon),
    kl: (reference, current, epsilon) =>
      k.kl(pointer(reference), pointer(current), reference.length, epsilon),
    jsDistance: (reference, current) => k.jsDistance(pointer(reference), pointer(current), reference.length),
    mean: (values) => k.mean(pointer(values), values.length),
    variance: (values, center) => k.variance(pointer(values), values.length, center),
    smirnovSum: (n, x) => k.smirnovSum(n, x),
    rocAuc: (positives, negatives) =>
      k.rocAuc(pointer(positives), positives.length, pointer(negatives), negatives.length),
    bootstrapAucChange(reference, current, seed, weights, out) {
      const sizes = (w: SortedClasses) => ({ positives: w.positives.length, negatives: w.negatives.length });
      if (weights.length < bootstrapScratch(sizes(reference), sizes(current)))
        throw new Error('bootstrap scratch shorter than bootstrapScratch');
      k.bootstrapAucChange(
        ...classPointers(reference),
        ...classPointers(current),
        seed,
        pointer(weights),
        pointer(out),
        out.length,
      );
    },
    bootstrapRmseChange(reference, current, seed, weights, out) {
      if (weights.length < Math.max(reference.length, current.length))
        throw new Error('bootstrap weights shorter than a window');
      k.bootstrapRmseChange(
        pointer(reference),
        reference.length,
        pointer(current),
        current.length,
        seed,
        pointer(weights),
        pointer(out),
        out.length,
      );
    },
    isotonicFit(reference, upper, level, counts) {
      const events = reference.positives.length + reference.negatives.length;
      if (Math.min(upper.length, level.length, counts.length) < events)
        throw new Error('isotonic blocks shorter than the events');
      return k.isotonicFit(...classPointers(reference), pointer(upper), pointer(level), pointer(counts));
    },
    isotonicApply(sorted, upper, level, blocks, out) {
      if (out.length < sorted.length || Math.min(upper.length, level.length) < blocks)
        throw new Error('isotonicApply: arrays shorter than the scores or the blocks');
      k.isotonicApply(pointer(sorted), sorted.length, pointer(upper), pointer(level), blocks, pointer(out));
    },
    estimatedMetrics(sorted, probabilities, threshold, out) {
      if (probabilities.length < sorted.length || out.length < 5)
        throw new Error('estimatedMetrics: fewer probabilities than scores, or an out shorter than 5');
      k.estimatedMetrics(pointer(sorted), pointer(probabilities), sorted.length, threshold, pointer(out));
    },
    realizedMetrics(classes, threshold, out) {
      if (out.length < 5) throw new Error('realizedMetrics: an out shorter than 5');
      k.realizedMetrics(...classPointers(classes), threshold, pointer(out));
    },
    bootstrapRealizedMetrics(classes, size, threshold, seed, weights, out) {
      const sizes = { positives: classes.positives.length, negatives: classes.negatives.length };
      if (weights.length < bootstrapScratch(sizes))
        throw new Error('bootstrap scratch shorter than bootstrapScratch');
      k.bootstrapRealizedMetrics(
        ...classPointers(classes),
        size,
        threshold,
        seed,
        pointer(weights),
        pointer(out),
        Math.floor(out.length / 5),
      );
    },
  };
}
