/** A categorical window as counts per label; `missing` counts the rows without a label. */
export interface LabelCounts {
  counts: ReadonlyMap<string, number>;
  missing: number;
}

export function countLabels(values: readonly (string | null)[]): LabelCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of values) {
    if (value === null) missing++;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return { counts, missing };
}
