import { listKind, type SqlParam, timestampMs } from './engine.js';

/**
 * duckdb-wasm binds parameters through JSON: only strings, booleans, null and numbers, and it reads numbers
 * with less than full precision (about one double in five came back one ulp off) and refuses integers past
 * 2^53. So every number goes as its shortest round-trip text, which DuckDB's cast to DOUBLE reads back
 * exactly (NaN, infinities and -0 too), and dates, lists, maps and bytes as the text DuckDB's casts parse:
 * ISO 8601 in UTC, `[1.5, nan]`, `["a", "b"]`, `{"a"=1.5}` (strings double-quoted with `\` and `"` escaped
 * by a backslash), `\x00\xFF` for a BLOB. The SQL casts each of them (see Engine).
 */
export function wasmValue(param: SqlParam): string | boolean | null {
  if (param === null || typeof param === 'string' || typeof param === 'boolean') return param;
  if (typeof param === 'number') return numberText(param);
  if (param instanceof Date) return new Date(timestampMs(param)).toISOString();
  if (param instanceof Uint8Array) return blobText(param);
  if (param instanceof Map) {
    const entries = [...(param as ReadonlyMap<string, number>)];
    return `{${entries.map(([key, value]) => `${quoted(key)}=${numberText(value)}`).join(', ')}}`;
  }
  const list = param as readonly (number | string)[];
  const items =
    listKind(list) === 'string' ? (list as string[]).map(quoted) : (list as number[]).map(numberText);
  return `[${items.join(', ')}]`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

const HEX = '0123456789ABCDEF';

/** Every byte as `\xHH`, the text DuckDB's cast to BLOB reads back; built as bytes, decoded once. */
function blobText(bytes: Uint8Array): string {
  const text = new Uint8Array(bytes.length * 4);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    text[4 * i] = 0x5c; // a backslash
    text[4 * i + 1] = 0x78; // x
    text[4 * i + 2] = HEX.charCodeAt(byte >> 4);
    text[4 * i + 3] = HEX.charCodeAt(byte & 15);
  }
  return new TextDecoder().decode(text);
}

const quoted = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
