import { chiSquareHomogeneity } from '../stats/chiSquareHomogeneity.js';
import { TooFewCategoriesError } from '../stats/tooFewCategoriesError.js';
import { type HourBins, total } from './hourBins.js';

export interface Dispersion {
  /** max(1, mean of X_c / df_c) over the chunks; 1 when fewer than the minimum could be measured. */
  dispersion: number;
  /** Chunks measured. */
  windows: number;
}

/**
 * Pearson dispersion of the reference's own windows ("chunks", each shaped like the current window): each
 * chunk's histogram against the rest of the reference mixed to the chunk's phase mix (per phase, the phase's
 * histogram without the chunk's rows), as a chi-square homogeneity statistic. Under pure sampling noise
 * X_c / df_c averages 1; a reference whose windows differ more than sampling explains gives more.
 */
export function dispersion(
  table: HourBins,
  bins: number,
  phase: (hour: number) => number,
  chunk: (hour: number) => number,
  minCount: number,
  minWindows: number,
): Dispersion {
  const phases = new Map<number, Float64Array>();
  const chunks = new Map<number, Map<number, Float64Array>>();
  for (const [hour, row] of table) {
    add(phases, phase(hour), row);
    let parts = chunks.get(chunk(hour));
    if (parts === undefined) {
      parts = new Map();
      chunks.set(chunk(hour), parts);
    }
    add(parts, phase(hour), row);
  }
  const phaseRows = new Map([...phases].map(([p, row]) => [p, total(row)]));
  const ratios: number[] = [];
  for (const parts of chunks.values()) {
    const observed = new Float64Array(bins);
    for (const row of parts.values())
      for (let b = 0; b < bins; b++) observed[b] = (observed[b] as number) + (row[b] as number);
    const rows = total(observed);
    if (rows < minCount) continue;
    const expected = rest(phases, phaseRows, parts, rows, bins);
    if (expected === null) continue;
    try {
      const { statistic, dof } = chiSquareHomogeneity(expected, observed);
      ratios.push(statistic / dof);
    } catch (error) {
      // Fewer than two bins with rows: this chunk tells nothing about the spread.
      if (!(error instanceof TooFewCategoriesError)) throw error;
    }
  }
  if (ratios.length < minWindows) return { dispersion: 1, windows: ratios.length };
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  return { dispersion: Math.max(1, mean), windows: ratios.length };
}

function add(into: Map<number, Float64Array>, key: number, row: Float64Array): void {
  let sum = into.get(key);
  if (sum === undefined) {
    sum = new Float64Array(row.length);
    into.set(key, sum);
  }
  for (let b = 0; b < row.length; b++) sum[b] = (sum[b] as number) + (row[b] as number);
}

/**
 * The rest of the reference as counts with the chunk's phase mix: shares Σ_p s_p (H_p − h_cp) / (R_p − n_cp),
 * over as many rows as every phase can give at that mix (min_p (R_p − n_cp) / s_p); null when a phase of
 * the chunk has no other rows.
 */
function rest(
  phases: Map<number, Float64Array>,
  phaseRows: Map<number, number>,
  parts: Map<number, Float64Array>,
  rows: number,
  bins: number,
): Float64Array | null {
  const shares = new Float64Array(bins);
  let size = Number.POSITIVE_INFINITY;
  for (const [p, part] of parts) {
    const partRows = total(part);
    if (partRows === 0) continue;
    const others = (phaseRows.get(p) as number) - partRows;
    if (others <= 0) return null;
    const share = partRows / rows;
    const whole = phases.get(p) as Float64Array;
    for (let b = 0; b < bins; b++) {
      shares[b] = (shares[b] as number) + (share * ((whole[b] as number) - (part[b] as number))) / others;
    }
    size = Math.min(size, others / share);
  }
  return shares.map((share) => share * size);
}
