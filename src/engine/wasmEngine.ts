import type { DataType, Decimal, Dictionary, Float, List, Map_ } from 'apache-arrow';
import { loadPart } from '../util/optionalPeers.js';
import { doubleSink } from './doubleSink.js';
import {
  decimalNumber,
  type Engine,
  guardedEngine,
  listKind,
  type SqlParam,
  type SqlValue,
  timestampMs,
  unsupportedType,
} from './engine.js';

type Awaitable<T> = T | Promise<T>;

/** apache-arrow, an optional peer dependency: loaded by the engine, not by whoever imports this module. */
type Arrow = typeof import('apache-arrow');

/**
 * What the engine uses of a duckdb-wasm database. The blocking bundle's bindings (`createDuckDB` of
 * `@duckdb/duckdb-wasm/blocking`, synchronous) and a browser's `AsyncDuckDB` (a Web Worker) both have it.
 */
export interface WasmDuckDB {
  connect(): Awaitable<WasmConnection>;
}

export interface WasmConnection {
  query(sql: string): Awaitable<WasmTable>;
  prepare(sql: string): Awaitable<WasmStatement>;
  close(): Awaitable<void>;
}

export interface WasmStatement {
  query(...params: unknown[]): Awaitable<WasmTable>;
  close(): Awaitable<void>;
}

/**
 * What the engine reads of a result, an apache-arrow `Table`: declared here, so that the package's types
 * need no apache-arrow (an optional peer dependency) where its users' TypeScript checks libraries too.
 */
export interface WasmTable {
  readonly numRows: number;
  readonly numCols: number;
  readonly schema: { readonly fields: readonly { readonly type: unknown }[] };
  getChildAt(index: number): { get(index: number): unknown } | null;
  readonly batches: readonly {
    readonly numRows: number;
    readonly data: { readonly children: readonly { readonly nullCount: number; readonly values: unknown }[] };
  }[];
}

/**
 * An engine over a duckdb-wasm database its caller opened (and closes): a browser passes its AsyncDuckDB.
 * The engine has its own connection and closes only that.
 *
 * Results come as Arrow tables, whole: with an AsyncDuckDB each streamed batch would be a round trip to the
 * worker, which made the reads twice as slow. `interrupt` does nothing: duckdb-wasm cannot stop a
 * statement once it runs (an AsyncDuckDB cancels only streamed queries, which bind no parameters), so a
 * cancelled run stops after the statement in flight.
 */
export async function wasmEngine(db: WasmDuckDB): Promise<Engine> {
  const arrow = await loadPart('the wasm engine', () => import('apache-arrow'));
  const connection = await db.connect();
  const table = async (sql: string, params: readonly SqlParam[] | undefined): Promise<WasmTable> => {
    if (params === undefined || params.length === 0) return await connection.query(sql);
    const statement = await connection.prepare(sql);
    try {
      return await statement.query(...params.map(wasmValue));
    } finally {
      await statement.close();
    }
  };
  // Setting TimeZone makes duckdb-wasm load ICU, from the network: only a session that has it sets it.
  const icu = await connection.query(
    "SELECT count(*)::INTEGER FROM duckdb_extensions() WHERE extension_name = 'icu' AND loaded",
  );
  if (Number(icu.getChildAt(0)?.get(0)) > 0) await connection.query("SET TimeZone = 'UTC'");
  return guardedEngine({
    kind: 'wasm',
    run: async (sql, params) => {
      await table(sql, params);
    },
    rows: async (sql, params) => {
      const result = await table(sql, params);
      const columns = result.schema.fields.map((field, i) => ({
        type: field.type as DataType,
        vector: result.getChildAt(i),
      }));
      return Array.from({ length: result.numRows }, (_, row) =>
        columns.map(({ type, vector }) => plain(arrow, vector?.get(row), type)),
      );
    },
    doubleColumns: async (sql, params, rowCount) =>
      (await pullDoubles(arrow, await table(sql, params), [rowCount], false))[0] as Float64Array[],
    groupedDoubleColumns: async (sql, params, groupRows) =>
      pullDoubles(arrow, await table(sql, params), groupRows, true),
    blobs: async (sql, params) => {
      const result = await table(sql, params);
      const types = result.schema.fields.map((field) => field.type as DataType);
      if (types.length !== 1 || types[0]?.typeId !== arrow.Type.Binary) {
        throw new TypeError(`blobs: the result must be one BLOB column, got ${types.join(', ')}`);
      }
      const vector = result.getChildAt(0);
      return Array.from({ length: result.numRows }, (_, row) => {
        const bytes = vector?.get(row) as Uint8Array | null;
        if (bytes === null) throw new TypeError('blobs: a NULL value');
        return bytes;
      });
    },
    interrupt: () => {},
    close: async () => {
      await connection.close();
    },
  });
}

function pullDoubles(
  { Type, Precision }: Arrow,
  result: WasmTable,
  groupRows: readonly number[],
  grouped: boolean,
): Float64Array[][] {
  result.schema.fields.forEach((field, column) => {
    const type = field.type as DataType;
    if (type.typeId !== Type.Float || (type as Float).precision !== Precision.DOUBLE) {
      throw new TypeError(`doubleColumns: column ${column + 1} is ${type}, not DOUBLE`);
    }
  });
  const sink = doubleSink(result.numCols, groupRows, grouped);
  for (const batch of result.batches) {
    const columns = batch.data.children.map((data, column) => {
      if (data.nullCount > 0) {
        throw new TypeError(`doubleColumns: column ${column + 1} has NULLs: coalesce them in SQL`);
      }
      // A batch's values are a view of the Arrow message, already sliced to the batch: no copy here.
      return (data.values as Float64Array).subarray(0, batch.numRows);
    });
    sink.add(columns, batch.numRows);
  }
  return sink.finish();
}

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

/** An Arrow value as the plain value of Engine.rows (the same the native engine gives). */
function plain(arrow: Arrow, value: unknown, type: DataType): SqlValue {
  if (value === null || value === undefined) return null;
  const { Type, util } = arrow;
  switch (type.typeId) {
    case Type.Null:
      return null;
    case Type.Bool:
      return value as boolean;
    case Type.Int:
    case Type.Float:
      return Number(value as number | bigint);
    case Type.Decimal:
      return decimalNumber(util.bigNumToBigInt(value as never), (type as Decimal).scale);
    case Type.Utf8:
    case Type.LargeUtf8:
      return value as string;
    case Type.Dictionary:
      return plain(arrow, value, (type as Dictionary).dictionary);
    // Arrow's getters give epoch milliseconds with the fraction, the formula of engine.ts' epochMs.
    case Type.Date:
    case Type.Timestamp:
      return value as number;
    case Type.List:
    case Type.FixedSizeList: {
      const itemType = (type as List).children[0]?.type as DataType;
      return [...(value as Iterable<unknown>)].map((item) => plain(arrow, item, itemType));
    }
    case Type.Map: {
      const [keyField, valueField] = (type as Map_).children[0]?.type.children ?? [];
      return [...(value as Iterable<[unknown, unknown]>)].map(([key, item]) => [
        plain(arrow, key, keyField?.type as DataType),
        plain(arrow, item, valueField?.type as DataType),
      ]);
    }
    default:
      throw unsupportedType(String(type));
  }
}
