/** A p-value or a small figure in words: 3e-41, 0.004, 0.31. */
export function formatFigure(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 0.001) return value.toExponential(0);
  return String(Number(value.toPrecision(2)));
}

/** A count with thousands separators: 1,440. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
