/** Writes counts / total into `shares`. */
export function shares(counts: Float64Array, total: number, into: Float64Array): Float64Array {
  for (let i = 0; i < counts.length; i++) into[i] = (counts[i] as number) / total;
  return into;
}
