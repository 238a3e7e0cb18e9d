/**
 * The smallest and largest of some numbers, [Infinity, -Infinity] when there are none. A loop, not
 * Math.min(...values): spreading passes each value as an argument, and a reference of some 120,000 distinct
 * hours (14 years of hourly data) overflows the stack.
 */
export function extent(values: Iterable<number>): [min: number, max: number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}
