/**
 * How many reference rows each phase keeps so that the reference's phase mix is the current window's: the
 * largest N* (at most `cap`) that every phase can give, n_p = floor(N* · m_p / m). A current phase with no
 * reference row is returned as `missing`.
 */
export function stratifiedSizes(
  reference: ReadonlyMap<number, number>,
  current: ReadonlyMap<number, number>,
  cap: number,
): { sizes: Map<number, number> } | { missing: number } {
  let m = 0;
  for (const rows of current.values()) m += rows;
  let size = cap;
  for (const [phase, rows] of current) {
    const available = reference.get(phase) ?? 0;
    if (available === 0) return { missing: phase };
    size = Math.min(size, Math.floor((available * m) / rows));
  }
  const phases = [...current.keys()].sort((a, b) => a - b);
  return {
    sizes: new Map(phases.map((phase) => [phase, Math.floor((size * (current.get(phase) as number)) / m)])),
  };
}

/** The rank kept j-th of `rows` ranks when keeping `kept` of them: evenly spread, the middle of each share. */
export function keptRank(j: number, rows: number, kept: number): number {
  return Math.floor(((j + 0.5) * rows) / kept);
}
