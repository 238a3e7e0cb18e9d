import type { Kernel } from '../kernel/kernel.js';
import type { WindowSummary } from './result.js';

export function windowSummary(kernel: Kernel, sorted: Float64Array, rows: number): WindowSummary {
  const count = sorted.length;
  const mean = count > 0 ? kernel.mean(sorted) : null;
  return {
    count,
    missing: rows - count,
    mean,
    variance: mean !== null && count > 1 ? kernel.variance(sorted, mean) : null,
    min: count > 0 ? (sorted[0] as number) : null,
    max: count > 0 ? (sorted[count - 1] as number) : null,
  };
}
