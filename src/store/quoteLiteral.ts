/** An SQL string literal, single-quoted with embedded quotes doubled (DuckDB reads no backslash escapes in it). */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new RangeError('an SQL string cannot contain a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}
