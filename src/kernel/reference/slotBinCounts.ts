/**
 * Row i into cell slots[i] · (k + 2) + bin (none when the slot is negative): bin = the edges at or below its
 * value, or k + 1 when it is not finite (k = edges.length). Counted plainly, as defined; the WebAssembly
 * searches the (ascending) edges instead.
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
    let bin = k + 1;
    if (Number.isFinite(value)) {
      bin = 0;
      for (const edge of edges) if (edge <= value) bin++;
    }
    const cell = slot * (k + 2) + bin;
    counts[cell] = (counts[cell] as number) + 1;
  }
}
