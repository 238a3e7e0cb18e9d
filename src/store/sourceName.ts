/** What a `feature_table` text names: Parquet files under the data root, or a catalog entry. */
export type SourceName = { kind: 'parquet'; path: string } | { kind: 'catalog'; parts: readonly string[] };

const PARQUET_PREFIX = 'parquet:';
// One name part: a double-quoted identifier ("" inside for a quote) or a run of characters without dots or quotes.
const PART = /^(?:"((?:[^"]|"")*)"|([^".]+))(?:\.|$)/;

/**
 * Reads `parquet:<path or glob>`, or a name of one to three dot-separated parts (`table`, `schema.table`,
 * `catalog.schema.table`), each part bare or double-quoted as in SQL. A text that does not parse as parts is
 * one part: the exact name.
 */
export function parseSourceName(text: string): SourceName {
  if (text.startsWith(PARQUET_PREFIX)) return { kind: 'parquet', path: text.slice(PARQUET_PREFIX.length) };
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = PART.exec(rest);
    if (!match || (match[0].endsWith('.') && match[0].length === rest.length))
      return { kind: 'catalog', parts: [text] };
    parts.push(match[1] === undefined ? (match[2] as string) : match[1].replaceAll('""', '"'));
    rest = rest.slice(match[0].length);
  }
  return { kind: 'catalog', parts: parts.length >= 1 && parts.length <= 3 ? parts : [text] };
}
