/** A window's rows as counts per (hour index, bin): what the cycle's choice and the gate's chunks read. */
export type HourBins = Map<number, Float64Array>;

/** Adds `count` rows of `bin` at `hour` (of `bins` bins). */
export function addToHourBins(table: HourBins, bins: number, hour: number, bin: number, count: number): void {
  let row = table.get(hour);
  if (row === undefined) {
    row = new Float64Array(bins);
    table.set(hour, row);
  }
  row[bin] = (row[bin] as number) + count;
}

/** The rows of a table of (hour, bin) counts summed by a key of the hour (a phase, a day, a chunk). */
export function sumHourBins(table: HourBins, bins: number, key: (hour: number) => number): HourBins {
  const summed: HourBins = new Map();
  for (const [hour, row] of table) {
    const at = key(hour);
    let into = summed.get(at);
    if (into === undefined) {
      into = new Float64Array(bins);
      summed.set(at, into);
    }
    for (let b = 0; b < bins; b++) into[b] = (into[b] as number) + (row[b] as number);
  }
  return summed;
}

export function total(row: Float64Array): number {
  let sum = 0;
  for (const count of row) sum += count;
  return sum;
}
