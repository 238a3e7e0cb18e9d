export function countBins(sorted: Float64Array, edges: Float64Array, counts: Float64Array): void {
  counts.fill(0);
  let bin = 0;
  for (const x of sorted) {
    while (bin < edges.length && x >= (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
}
