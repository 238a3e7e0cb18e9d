import type { LabelCounts } from '../compare/labelCounts.js';
import type { PhaseCounts, PhaseValues } from './phaseSamples.js';
import { keptRank } from './stratifiedSizes.js';

/**
 * The stratified reference: from each phase's sorted values, n_p of them at evenly spread ranks. It depends
 * only on each phase's multiset of values, so stored sorted phases give the same reference as the rows.
 */
export function resampleValues(phases: PhaseValues, sizes: ReadonlyMap<number, number>): Float64Array {
  let size = 0;
  for (const kept of sizes.values()) size += kept;
  const out = new Float64Array(size);
  let at = 0;
  for (const [phase, kept] of sizes) {
    const sorted = phases.get(phase) as Float64Array;
    for (let j = 0; j < kept; j++) out[at++] = sorted[keptRank(j, sorted.length, kept)] as number;
  }
  return out;
}

/** The same selection over a phase's labels in sorted order, missing last, computed from the counts alone. */
export function resampleCounts(phases: PhaseCounts, sizes: ReadonlyMap<number, number>): LabelCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const [phase, kept] of sizes) {
    const { counts: labelled, missing: unlabelled } = phases.get(phase) as LabelCounts;
    const runs: [string | null, number][] = [
      ...[...labelled].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      [null, unlabelled],
    ];
    let rows = 0;
    for (const [, count] of runs) rows += count;
    let run = 0;
    let runEnd = runs[0]?.[1] ?? 0;
    for (let j = 0; j < kept; j++) {
      const rank = keptRank(j, rows, kept);
      while (rank >= runEnd) runEnd += (runs[++run] as [string | null, number])[1];
      const label = (runs[run] as [string | null, number])[0];
      if (label === null) missing++;
      else counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  return { counts, missing };
}
