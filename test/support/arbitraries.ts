import fc from 'fast-check';

/** Histogram shares as the battery makes them: counts over their total, at least one count positive. */
export function shareVectors(minLength: number, maxLength: number) {
  return fc
    .array(fc.nat(1000), { minLength, maxLength })
    .filter((counts) => counts.some((n) => n > 0))
    .map((counts) => {
      const total = counts.reduce((a, b) => a + b, 0);
      return counts.map((n) => n / total);
    });
}
