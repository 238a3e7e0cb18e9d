import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapScratch } from '../src/kernel/bootstrapScratch.js';
import { jsKernel } from '../src/kernel/jsKernel.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { compileKernel, loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { moodUntiedSum } from '../src/stats/moodScaleTest.js';
import { shareVectors } from './support/arbitraries.js';

let wasm: Kernel;
beforeAll(async () => {
  wasm = await loadWasmKernel();
});

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
// Few distinct values, so ties are common.
const tied = fc.integer({ min: -5, max: 5 }).map((x) => x / 2);
const sample = fc.oneof(
  fc.array(finite, { minLength: 1, maxLength: 300 }),
  fc.array(tied, { minLength: 1, maxLength: 300 }),
);
const sharePairs = fc
  .integer({ min: 1, max: 20 })
  .chain((k) => fc.tuple(shareVectors(k, k), shareVectors(k, k)));

function load(kernel: Kernel, ...samples: number[][]): Float64Array[] {
  const views = kernel.allocate(samples.map((s) => s.length));
  for (const [i, s] of samples.entries()) views[i]?.set(s);
  return views;
}

function loadSorted(kernel: Kernel, ...samples: number[][]): Float64Array[] {
  const views = load(kernel, ...samples);
  for (const view of views) kernel.sort(view);
  return views;
}

function bothKernels<T>(run: (kernel: Kernel) => T): [T, T] {
  return [run(wasm), run(jsKernel)];
}

describe('the WebAssembly kernel equals the TypeScript kernel', () => {
  it('sorts like Float64Array#sort, -0 before +0 and NaN last', () => {
    const special = fc.constantFrom(
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5e-324,
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(finite, special), { maxLength: 500 }), (xs) => {
        const [a, b] = bothKernels((k) => Array.from(loadSorted(k, xs)[0] as Float64Array));
        expect(a).toEqual(b);
      }),
    );
  });

  it('sorts 70,000 doubles of both signs, whose keys differ in every radix digit, as the reference does', () => {
    const xs = Array.from({ length: 70_000 }, (_, i) => Math.sin(i) * 1e6 * (i % 7 === 0 ? -1 : 1));
    const [a, b] = bothKernels((k) => Array.from(loadSorted(k, xs)[0] as Float64Array));
    expect(a).toEqual(b);
  });

  it('sorts doubles whose keys differ in one radix digit or in a few, the passes between left out, as the reference does', () => {
    // The kernel's digits are 13 bits, five passes. Doubles in [2, 4) with 13 mantissa bits differ in key bits
    // 39-51 only: one pass of the five (bits 39-51) moves them. Doubles in [2, 32) with eight mantissa bits
    // differ in key bits 44-53: two passes (bits 39-51 and 52-63), the first pass left out. Whole
    // numbers leave the low mantissa digits zero: the passes that move them do not start at the first.
    const single = Array.from({ length: 5_000 }, (_, i) => 2 * (1 + ((i * 7919) % 8192) / 8192));
    const narrow = Array.from(
      { length: 5_000 },
      (_, i) => 2 ** (1 + (i % 4)) * (1 + ((i * 7919) % 256) / 256),
    );
    const wholes = Array.from({ length: 5_000 }, (_, i) => ((i * 7919) % 5_003) - 2_500);
    for (const xs of [single, narrow, wholes]) {
      const [a, b] = bothKernels((k) => Array.from(loadSorted(k, xs)[0] as Float64Array));
      expect(a).toEqual(b);
    }
  });

  it('keeps only finite values, in order', () => {
    const values = fc.array(
      fc.oneof(finite, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -Infinity)),
    );
    fc.assert(
      fc.property(values, (xs) => {
        const [a, b] = bothKernels((k) => {
          const [view] = load(k, xs) as [Float64Array];
          return Array.from(view.subarray(0, k.compactFinite(view)));
        });
        expect(a).toEqual(b);
        expect(a).toEqual(xs.filter(Number.isFinite));
      }),
    );
  });

  it('gives the same KS statistic and Wasserstein distance', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const [a, b] = bothKernels((k) => {
          const [sx, sy] = loadSorted(k, x, y) as [Float64Array, Float64Array];
          return k.ecdfDistances(sx, sy);
        });
        expect(a).toEqual(b);
      }),
    );
  });

  it('gives the same KS statistic and Wasserstein distance where -0 and +0 tie', () => {
    const zeros = fc.array(fc.constantFrom(-0, 0, -1, 1, 2), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(zeros, zeros, (x, y) => {
        const [a, b] = bothKernels((k) => {
          const [sx, sy] = loadSorted(k, x, y) as [Float64Array, Float64Array];
          return k.ecdfDistances(sx, sy);
        });
        expect(a).toEqual(b);
      }),
    );
  });

  it("gives from the ECDF walk Mood's untied sum over b bit for bit, and NaN on the same ties", () => {
    // Distinct values: a sample of finite doubles; ties: the few halves, or -0 beside +0.
    const zeros = fc.array(fc.constantFrom(-0, 0, -1, 1, 2), { minLength: 1, maxLength: 40 });
    const check = (x: number[], y: number[]) => {
      for (const k of [wasm, jsKernel]) {
        const [sx, sy] = loadSorted(k, x, y) as [Float64Array, Float64Array];
        const { mood } = k.ecdfDistances(sx, sy);
        expect(Object.is(mood, moodUntiedSum(sy, sx, (x.length + y.length + 1) / 2))).toBe(true);
        const merged = [...x, ...y].sort((p, q) => p - q);
        expect(Number.isNaN(mood)).toBe(merged.some((v, i) => i > 0 && v === merged[i - 1]));
      }
    };
    fc.assert(fc.property(fc.oneof(sample, zeros), fc.oneof(sample, zeros), check));
    const [x, y] = [3_000, 11_000].map((n, s) =>
      Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + s) * 43758.5453),
    ) as [number[], number[]];
    check(x, y);
  });

  it('gives the same bootstrap of realized metrics, from a few draws among many events or many, ties included', () => {
    // Scores from a few values (ties between and within the classes); sizes of a few draws (read as the
    // events drawn alone, under 1/16 of the events) and of as many draws as events (a pass over all).
    const scores = fc.array(fc.constantFrom(0.1, 0.2, 0.35, 0.5, 0.8, 0.9), { minLength: 1, maxLength: 300 });
    const check = (positives: number[], negatives: number[], size: number, seed: number) => {
      const [a, b] = bothKernels((k) => {
        const classes = { positives: positives.length, negatives: negatives.length };
        const [pos, neg, weights, out] = k.allocate([
          positives.length,
          negatives.length,
          bootstrapScratch(classes),
          5 * 20,
        ]) as [Float64Array, Float64Array, Float64Array, Float64Array];
        pos.set(positives);
        neg.set(negatives);
        k.sort(pos);
        k.sort(neg);
        k.bootstrapRealizedMetrics({ positives: pos, negatives: neg }, size, 0.5, seed, weights, out);
        return Array.from(out);
      });
      expect(a.every((value, i) => Object.is(value, b[i]))).toBe(true);
    };
    fc.assert(
      fc.property(
        scores,
        scores,
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (positives, negatives, size, seed) => {
          check(positives, negatives, size, seed);
          check(positives, negatives, positives.length + negatives.length, seed);
        },
      ),
    );
    // A month's events and an hour's draws: the few-draws way for certain.
    const month = Array.from({ length: 20_000 }, (_, i) => Math.round(Math.abs(Math.sin(i * 7.1)) * 50) / 50);
    check(month.slice(0, 6_000), month.slice(6_000), 360, 12);
  });

  it('gives the same quantiles, bins and moments', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (x, p) => {
        const [a, b] = bothKernels((k) => {
          const [sorted, edges, counts] = k.allocate([x.length, 3, 4]) as [
            Float64Array,
            Float64Array,
            Float64Array,
          ];
          sorted.set(x);
          k.sort(sorted);
          edges.set([0.25, 0.5, 0.75].map((q) => k.quantileSorted(sorted, q)));
          k.countBins(sorted, edges, counts);
          const m = k.mean(sorted);
          return [k.quantileSorted(sorted, p), ...counts, m, x.length > 1 ? k.variance(sorted, m) : 0];
        });
        expect(a).toEqual(b);
      }),
    );
  });

  it('counts a value equal to an edge into the bin on its right, on ascending edges with repeats', () => {
    const edgeSets = fc.oneof(
      fc.array(finite, { maxLength: 6 }),
      fc.array(tied, { maxLength: 6 }),
      fc.constant<number[]>([-0, 0]),
    );
    fc.assert(
      fc.property(sample, edgeSets, (x, unsorted) => {
        const edgeList = [...unsorted].sort((p, q) => p - q);
        // The definition: a value's bin is the number of edges at or below it.
        const expected = new Array<number>(edgeList.length + 1).fill(0);
        for (const value of x) {
          const bin = edgeList.filter((e) => value >= e).length;
          expected[bin] = (expected[bin] ?? 0) + 1;
        }
        for (const counted of bothKernels((k) => {
          const [sorted, edges, counts] = k.allocate([x.length, edgeList.length, edgeList.length + 1]) as [
            Float64Array,
            Float64Array,
            Float64Array,
          ];
          sorted.set(x);
          k.sort(sorted);
          edges.set(edgeList);
          k.countBins(sorted, edges, counts);
          return Array.from(counts);
        }))
          expect(counted).toEqual(expected);
      }),
    );
  });

  it('counts unsorted rows into (slot, bin) cells: the edges at or below, non-finite last, no slot skipped', () => {
    const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0);
    const rows = fc.array(fc.tuple(fc.oneof(finite, tied, special), fc.integer({ min: -1, max: 3 })), {
      maxLength: 300,
    });
    // Up to 16 edges the kernel compares a value with all of them at once, beyond it searches: both ways.
    const edgeSets = fc.oneof(fc.array(finite, { maxLength: 24 }), fc.array(tied, { maxLength: 6 }));
    fc.assert(
      fc.property(rows, edgeSets, (pairs, unsorted) => {
        const edgeList = [...new Set([...unsorted].sort((p, q) => p - q))];
        const width = edgeList.length + 2;
        const expected = new Array<number>(4 * width).fill(0);
        for (const [value, slot] of pairs) {
          if (slot < 0) continue;
          const bin = Number.isFinite(value) ? edgeList.filter((e) => value >= e).length : width - 1;
          expected[slot * width + bin] = (expected[slot * width + bin] ?? 0) + 1;
        }
        for (const counted of bothKernels((k) => {
          const [values, slots, edges, counts] = k.allocate([
            pairs.length,
            pairs.length,
            edgeList.length,
            4 * width,
          ]) as [Float64Array, Float64Array, Float64Array, Float64Array];
          values.set(pairs.map(([value]) => value));
          slots.set(pairs.map(([, slot]) => slot));
          edges.set(edgeList);
          k.slotBinCounts(values, slots, edges, counts);
          return Array.from(counts);
        }))
          expect(counted).toEqual(expected);
      }),
    );
  });

  it("gives the same Smirnov sum, term by term and where it stops, over the sum's whole range", () => {
    // The sum's range: 1 < n x < n - 1 and 2 n x^2 below 745; sizes up to 2·10^4 keep it quick.
    const cases = fc
      .tuple(fc.integer({ min: 2, max: 20_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([n, t]) => {
        const low = 1 / n;
        const high = Math.min(1 - 1 / n, Math.sqrt(745 / (2 * n)));
        return [n, low + (high - low) * t] as const;
      })
      .filter(([n, x]) => n * x > 1 && Math.floor(n * x) < n - 1);
    fc.assert(
      fc.property(cases, ([n, x]) => {
        const [a, b] = bothKernels((k) => k.smirnovSum(n, x));
        expect(Object.is(a, b)).toBe(true);
      }),
    );
  });

  it('gives the same PSI, KL and Jensen-Shannon within rounding of ln', () => {
    fc.assert(
      fc.property(sharePairs, ([r, c]) => {
        const [a, b] = bothKernels((k) => {
          const [ref, cur] = load(k, r, c) as [Float64Array, Float64Array];
          return [k.psi(ref, cur, 1e-4), k.kl(ref, cur, 1e-4), k.jsDistance(ref, cur)];
        });
        a.forEach((value, i) => {
          expect(value).toBeCloseTo(b[i] as number, 12);
        });
      }),
    );
  });
});

describe('the WebAssembly boundary', () => {
  it('refuses arrays it did not allocate', () => {
    expect(() => wasm.sort(new Float64Array(3))).toThrow(/latest allocate/);
  });

  it('refuses arrays from an earlier allocate once memory has grown', () => {
    const [old] = wasm.allocate([4]) as [Float64Array];
    wasm.allocate([8_000_000]);
    expect(() => wasm.mean(old)).toThrow(/latest allocate/);
  });

  it('hands out zeroed arrays on every allocate', () => {
    const [first] = wasm.allocate([16]) as [Float64Array];
    first.fill(7);
    const [second] = wasm.allocate([16]) as [Float64Array];
    expect(Array.from(second)).toEqual(new Array(16).fill(0));
  });
});

describe('the kernel loader', () => {
  const kernelFile = new URL('../build/kernel.wasm', import.meta.url);
  const bytes = readFileSync(kernelFile);

  it('takes the kernel as a URL, bytes, an ArrayBuffer or a compiled module, each computing the same', async () => {
    const sources = [
      kernelFile,
      bytes,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      await compileKernel(),
    ];
    const means = await Promise.all(
      sources.map(async (source) => {
        const kernel = await loadWasmKernel(source);
        const [values] = load(kernel, [0.1, 0.2, 0.7]);
        return kernel.mean(values as Float64Array);
      }),
    );
    expect(new Set(means).size).toBe(1);
    expect(means[0]).toBe(wasm.mean(load(wasm, [0.1, 0.2, 0.7])[0] as Float64Array));
  });
});
