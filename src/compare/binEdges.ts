import type { Kernel } from '../kernel/kernel.js';

/** The deduplicated type-7 quantiles of a sorted sample at 1/bins ... (bins-1)/bins, written into `into`. */
export function binEdges(
  kernel: Kernel,
  sorted: Float64Array,
  bins: number,
  into: Float64Array,
): Float64Array {
  let count = 0;
  for (let i = 1; i < bins; i++) {
    const edge = kernel.quantileSorted(sorted, i / bins);
    if (count === 0 || edge !== into[count - 1]) into[count++] = edge;
  }
  return into.subarray(0, count);
}
