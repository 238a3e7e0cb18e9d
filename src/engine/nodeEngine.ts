import {
  BLOB,
  BOOLEAN,
  blobValue,
  DOUBLE,
  type DuckDBArrayValue,
  type DuckDBBlobVector,
  type DuckDBConnection,
  type DuckDBDateValue,
  type DuckDBDecimalValue,
  DuckDBInstance,
  type DuckDBListValue,
  type DuckDBMapValue,
  type DuckDBTimestampMillisecondsValue,
  type DuckDBTimestampNanosecondsValue,
  type DuckDBTimestampSecondsValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  LIST,
  listValue,
  MAP,
  mapValue,
  TIMESTAMP,
  timestampValue,
  VARCHAR,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { doubleSink } from './doubleSink.js';
import {
  decimalNumber,
  type Engine,
  type EngineSettings,
  epochMs,
  guardedEngine,
  listKind,
  type SqlParam,
  type SqlValue,
  timestampMs,
  unsupportedType,
} from './engine.js';
import { withDefaultMemoryLimit } from './withDefaultMemoryLimit.js';

/**
 * Opens a DuckDB file through DuckDB's per-process instance cache. Closing the engine drops this reference
 * only: the file is released once nobody else in the process holds it.
 */
export async function openNodeEngine(
  path: string,
  settings: Pick<EngineSettings, 'threads' | 'memoryLimit' | 'readOnly'>,
): Promise<Engine> {
  // One instance per file in this process: DuckDB does not guard two instances on one file. If the host
  // already opened this file with other settings, share its instance as it is.
  const instance = await DuckDBInstance.fromCache(path, {
    threads: String(settings.threads),
    memory_limit: settings.memoryLimit,
    // No statistic depends on row order, and keeping it costs DuckDB memory.
    preserve_insertion_order: 'false',
    ...(settings.readOnly ? { access_mode: 'READ_ONLY' } : {}),
  }).catch((error: unknown) =>
    /different configuration/.test(String(error)) ? DuckDBInstance.fromCache(path) : Promise.reject(error),
  );
  const connection = await instance.connect();
  const engine = nodeEngine(connection, async () => {
    // Closing the last reference checkpoints what was written, synchronously on the caller's thread (a
    // 75-230 ms stall of the host's event loop after a run): checkpoint on DuckDB's threads first, with
    // the memory a checkpoint may need. If it cannot (another connection's transaction is open, the
    // database was invalidated), closing does what it would have done.
    await withDefaultMemoryLimit(engine, () => engine.run('CHECKPOINT')).catch(() => {});
    connection.closeSync();
    instance.closeSync();
  });
  return engine;
}

/** An engine over a connection of `@duckdb/node-api`; `release` runs on close (by default nothing does). */
export function nodeEngine(
  connection: DuckDBConnection,
  release: () => Promise<void> | void = () => {},
): Engine {
  return guardedEngine(
    {
      kind: 'node',
      run: async (sql, params) => {
        await connection.run(sql, ...bound(params));
      },
      rows: async (sql, params) => (await connection.runAndReadAll(sql, ...bound(params))).convertRows(plain),
      doubleColumns: async (sql, params, rowCount) =>
        (await pullDoubles(connection, sql, params, [rowCount], false))[0] as Float64Array[],
      groupedDoubleColumns: (sql, params, groupRows) => pullDoubles(connection, sql, params, groupRows, true),
      blobs: (sql, params) => pullBlobs(connection, sql, params ?? []),
      interrupt: () => connection.interrupt(),
      close: async () => release(),
    },
    async () => {
      await connection.run("SET TimeZone = 'UTC'");
    },
  );
}

async function pullDoubles(
  connection: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[],
  groupRows: readonly number[],
  grouped: boolean,
): Promise<Float64Array[][]> {
  const result = await connection.stream(sql, ...bound(params));
  const types = result.columnTypes();
  types.forEach((type, column) => {
    if (type.typeId !== DuckDBTypeId.DOUBLE) {
      throw new TypeError(`doubleColumns: column ${column + 1} is ${type}, not DOUBLE`);
    }
  });
  const sink = doubleSink(types.length, groupRows, grouped);
  // DuckDB fills the next chunk on its thread while this one is copied out here.
  let next = result.fetchChunk();
  for (let chunk = await next; chunk !== null && chunk.rowCount > 0; chunk = await next) {
    next = result.fetchChunk();
    try {
      sink.add(chunkColumns(chunk.chunk, types.length, chunk.rowCount), chunk.rowCount);
    } catch (error) {
      await next.catch(() => {});
      throw error;
    }
  }
  return sink.finish();
}

/** Streamed, each value through getItemBytes: the native copy only (getItem would copy it again). */
async function pullBlobs(
  connection: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[],
): Promise<Uint8Array[]> {
  const result = await connection.stream(sql, ...bound(params));
  const types = result.columnTypes();
  if (types.length !== 1 || types[0]?.typeId !== DuckDBTypeId.BLOB) {
    throw new TypeError(`blobs: the result must be one BLOB column, got ${types.join(', ')}`);
  }
  const values: Uint8Array[] = [];
  for (
    let chunk = await result.fetchChunk();
    chunk !== null && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const vector = chunk.getColumnVector(0) as DuckDBBlobVector;
    for (let row = 0; row < chunk.rowCount; row++) {
      const bytes = vector.getItemBytes(row);
      if (bytes === null) throw new TypeError('blobs: a NULL value');
      // Up to 12 bytes live inside the chunk's own memory: those are copied before it goes.
      values.push(bytes.length <= 12 ? bytes.slice() : bytes);
    }
  }
  return values;
}

/** A chunk's columns as views of copies of its DOUBLE vectors (the bindings copy each vector out). */
function chunkColumns(chunk: duckdb.DataChunk, columnCount: number, count: number): Float64Array[] {
  return Array.from({ length: columnCount }, (_, column) => {
    const vector = duckdb.data_chunk_get_vector(chunk, column);
    if (!allValid(duckdb.vector_get_validity(vector, Math.ceil(count / 64) * 8), count)) {
      throw new TypeError(`doubleColumns: column ${column + 1} has NULLs: coalesce them in SQL`);
    }
    const bytes = duckdb.vector_get_data(vector, count * 8);
    return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  });
}

/** Parameters with their types: numbers are DOUBLE on both engines (see Engine). */
function bound(params: readonly SqlParam[] | undefined): [DuckDBValue[]?, DuckDBType[]?] {
  if (params === undefined) return [];
  const pairs = params.map(nodeValue);
  return [pairs.map(([value]) => value), pairs.map(([, type]) => type) as DuckDBType[]];
}

function nodeValue(param: SqlParam): [DuckDBValue, DuckDBType | undefined] {
  if (param === null) return [null, undefined];
  if (typeof param === 'number') return [param, DOUBLE];
  if (typeof param === 'string') return [param, VARCHAR];
  if (typeof param === 'boolean') return [param, BOOLEAN];
  if (param instanceof Date) return [timestampValue(BigInt(timestampMs(param)) * 1000n), TIMESTAMP];
  if (param instanceof Uint8Array) return [blobValue(param), BLOB];
  if (param instanceof Map) {
    const entries = [...(param as ReadonlyMap<string, number>)].map(([key, value]) => ({ key, value }));
    return [mapValue(entries), MAP(VARCHAR, DOUBLE)];
  }
  const list = param as readonly (number | string)[];
  return [listValue([...list]), LIST(listKind(list) === 'string' ? VARCHAR : DOUBLE)];
}

/** A validity mask (null when every row is valid) says all of the first `count` rows are valid. */
function allValid(mask: Uint8Array | null, count: number): boolean {
  if (mask === null) return true;
  const full = count >> 3;
  for (let i = 0; i < full; i++) if (mask[i] !== 0xff) return false;
  const rest = count & 7;
  return rest === 0 || ((mask[full] ?? 0) & ((1 << rest) - 1)) === (1 << rest) - 1;
}

/** A DuckDB value as the plain value of Engine.rows. */
function plain(value: DuckDBValue, type: DuckDBType): SqlValue {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.SQLNULL:
      return null;
    case DuckDBTypeId.BOOLEAN:
      return value as boolean;
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return Number(value as number | bigint);
    case DuckDBTypeId.DECIMAL: {
      const decimal = value as DuckDBDecimalValue;
      return decimalNumber(decimal.value, decimal.scale);
    }
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
      return epochMs((value as DuckDBTimestampValue).micros, 1000n);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return epochMs((value as DuckDBTimestampTZValue).micros, 1000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return Number((value as DuckDBTimestampMillisecondsValue).millis);
    case DuckDBTypeId.TIMESTAMP_S:
      return 1000 * Number((value as DuckDBTimestampSecondsValue).seconds);
    case DuckDBTypeId.TIMESTAMP_NS:
      return epochMs((value as DuckDBTimestampNanosecondsValue).nanos, 1_000_000n);
    case DuckDBTypeId.DATE:
      return (value as DuckDBDateValue).days * 86_400_000;
    case DuckDBTypeId.LIST:
      return (value as DuckDBListValue).items.map((item) => plain(item, type.valueType));
    case DuckDBTypeId.ARRAY:
      return (value as DuckDBArrayValue).items.map((item) => plain(item, type.valueType));
    case DuckDBTypeId.MAP:
      return (value as DuckDBMapValue).entries.map((entry) => [
        plain(entry.key, type.keyType),
        plain(entry.value, type.valueType),
      ]);
    default:
      throw unsupportedType(String(type));
  }
}
