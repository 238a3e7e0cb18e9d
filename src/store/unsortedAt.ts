/** The first index where a sample is not finite values ascending then NaN, else -1. */
export function unsortedAt(values: Float64Array): number {
  let sawNaN = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) sawNaN = true;
    else if (sawNaN || !Number.isFinite(value) || (i > 0 && value < (values[i - 1] as number))) return i;
  }
  return -1;
}
