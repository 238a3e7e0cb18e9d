/** A SQL identifier, double-quoted with embedded quotes doubled: a hostile name stays a name. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new RangeError('an SQL identifier cannot be empty');
  if (name.includes('\0')) throw new RangeError('an SQL identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}
