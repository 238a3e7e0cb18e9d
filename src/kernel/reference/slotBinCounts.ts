/**
 * Row i into cell slots[i] · (k + 2) + bin (none when the slot is negative): bin = the edges at or below its
 * value, or k + 1 when it is not finite (k = edges.length).
 */
export function slotBinCounts(
  values: Float64Array,
  slots: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
): void {
  const k = edges.length;
  for (let i = 0; i < values.length; i++) {
    const slot = slots[i] as number;
    if (slot < 0) continue;
    const value = values[i] as number;
    const cell = slot * (k + 2) + (Number.isFinite(value) ? edgesAtOrBelow(edges, value) : k + 1);
    counts[cell] = (counts[cell] as number) + 1;
  }
}

function edgesAtOrBelow(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
