import type { DataType, Decimal, Dictionary, Float, List, Map_ } from 'apache-arrow';
import { loadPart } from '../util/optionalPeers.js';
import { doubleSink } from './doubleSink.js';
import {
  decimalNumber,
  type Engine,
  guardedEngine,
  type SqlParam,
  type SqlValue,
  unsupportedType,
} from './engine.js';
import { fitsWasmStack, queryWithLargeParams } from './largeParams.js';
import type { WasmDuckDB, WasmTable } from './wasmDuckDB.js';
import { isWasmTrap, wasmTrapError } from './wasmTrap.js';
import { wasmValue } from './wasmValue.js';

/** apache-arrow, an optional peer dependency: loaded by the engine, not by whoever imports this module. */
type Arrow = typeof import('apache-arrow');

/**
 * An engine over a duckdb-wasm database its caller opened (and closes): a browser passes its AsyncDuckDB.
 * The engine has its own connection and closes only that.
 *
 * Results come as Arrow tables, whole: with an AsyncDuckDB each streamed batch would be a round trip to the
 * worker, which made the reads twice as slow. `interrupt` does nothing: duckdb-wasm cannot stop a
 * statement once it runs (an AsyncDuckDB cancels only streamed queries, which bind no parameters), so a
 * cancelled run stops after the statement in flight. Parameters too large for duckdb-wasm's own binding
 * go through files (see largeParams.ts). A WebAssembly trap inside duckdb-wasm leaves its module broken: the
 * engine then refuses every statement with one StoreError line (see wasmTrap.ts).
 */
export async function wasmEngine(db: WasmDuckDB): Promise<Engine> {
  const arrow = await loadPart('the wasm engine', () => import('apache-arrow'));
  const connection = await db.connect();
  const query = async (sql: string, params: readonly SqlParam[] | undefined): Promise<WasmTable> => {
    if (params === undefined || params.length === 0) return await connection.query(sql);
    const values = params.map(wasmValue);
    if (!fitsWasmStack(values)) return await queryWithLargeParams(db, connection, sql, params);
    const statement = await connection.prepare(sql);
    try {
      return await statement.query(...values);
    } finally {
      await statement.close();
    }
  };
  // After a trap the module is broken: the engine refuses every statement with the trap's error.
  let trap: Error | undefined;
  const table = async (sql: string, params: readonly SqlParam[] | undefined): Promise<WasmTable> => {
    if (trap !== undefined) throw trap;
    try {
      return await query(sql, params);
    } catch (error) {
      if (!isWasmTrap(error)) throw error;
      trap = wasmTrapError(error);
      throw trap;
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
    // A broken module is not asked to close anything: whoever opened it terminates it.
    close: async () => {
      if (trap === undefined) await connection.close();
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
