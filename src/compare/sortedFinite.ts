import type { Kernel } from '../kernel/kernel.js';

/** The window's finite values moved to its front and sorted there (in the kernel's memory): a view of them. */
export function sortedFinite(kernel: Kernel, values: Float64Array): Float64Array {
  const finite = values.subarray(0, kernel.compactFinite(values));
  kernel.sort(finite);
  return finite;
}
