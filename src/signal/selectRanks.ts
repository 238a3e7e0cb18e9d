/**
 * Moves values so that, for each of the (0-based) ranks, `values[rank]` is the value a full ascending sort
 * would put there; no NaN allowed. A quickselect over all the ranks at once, three-way (runs of equal values
 * are common in rounded data), in O(n) expected time rather than a sort's O(n log n): the common bins need
 * 18 order statistics of a 1M-row reference, and sorting it for them cost ~100 ms a column. A range that
 * keeps splitting badly is sorted instead, so the worst case stays O(n log n).
 */
export function selectRanks(values: Float64Array, ranks: readonly number[]): void {
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  // Ranges [low, high) with the slice of `wanted` inside them, and how many splits they may still take.
  const stack: [low: number, high: number, first: number, last: number, budget: number][] = [];
  if (wanted.length > 0)
    stack.push([0, values.length, 0, wanted.length, 2 * Math.log2(values.length + 1) + 8]);
  for (let range = stack.pop(); range !== undefined; range = stack.pop()) {
    const [low, high, first, last, budget] = range;
    if (high - low <= 32 || budget <= 0) {
      values.subarray(low, high).sort();
      continue;
    }
    const pivot = medianOfThree(
      values[low] as number,
      values[(low + high) >> 1] as number,
      values[high - 1] as number,
    );
    // [low, lt) < pivot, [lt, i) == pivot, [gt, high) > pivot.
    let lt = low;
    let i = low;
    let gt = high;
    while (i < gt) {
      const value = values[i] as number;
      if (value < pivot) {
        values[i] = values[lt] as number;
        values[lt] = value;
        lt++;
        i++;
      } else if (value > pivot) {
        gt--;
        values[i] = values[gt] as number;
        values[gt] = value;
      } else i++;
    }
    let split = first;
    while (split < last && (wanted[split] as number) < lt) split++;
    if (split > first) stack.push([low, lt, first, split, budget - 1]);
    let right = split;
    while (right < last && (wanted[right] as number) < gt) right++;
    if (right < last) stack.push([gt, high, right, last, budget - 1]);
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
