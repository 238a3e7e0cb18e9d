/** Each bin's count as the difference of two binary searches over the sorted sample (the edges ascend). */
export function countBins(sorted: Float64Array, edges: Float64Array, counts: Float64Array): void {
  let below = 0;
  for (let bin = 0; bin < edges.length; bin++) {
    const next = countBelow(sorted, below, edges[bin] as number);
    counts[bin] = next - below;
    below = next;
  }
  counts[edges.length] = sorted.length - below;
}

/** How many of the sorted values are below `edge`, given that the first `from` are. */
function countBelow(sorted: Float64Array, from: number, edge: number): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < edge) low = middle + 1;
    else high = middle;
  }
  return low;
}
