import { StoreError } from '../store/storeError.js';
import { errorMessage } from '../util/errorMessage.js';

/**
 * The worker's one door to DuckDB, with two implementations: `nodeEngine.ts` (native `@duckdb/node-api`, the
 * Node default) and `wasmEngine.ts` (`@duckdb/duckdb-wasm`: browsers and edge runtimes, and Node too). The
 * store code writes its SQL once, for both.
 *
 * **Parameters** are `?` placeholders bound by position; a value never goes into the SQL text. A number, a
 * `Date`, a list and a map are always cast where they are used (`?::DOUBLE`, `?::BIGINT`, `?::TIMESTAMP`,
 * `?::DOUBLE[]`, `?::VARCHAR[]`, `?::MAP(VARCHAR, DOUBLE)`, `?::BLOB`), and so is NULL where nothing else
 * gives it a type. The native engine binds each value with its own type (DOUBLE, TIMESTAMP, LIST, MAP), so the cast
 * does nothing there. duckdb-wasm binds only JSON scalars, and reads JSON numbers with less than full
 * precision, so it binds those values as text that the cast reads back exactly: see `wasmEngine.ts`.
 *
 * **Results** of `rows` are plain values, the same on both engines: NULL is `null`; BOOLEAN a boolean;
 * every integer, floating-point and DECIMAL type a number (integers beyond 2^53 lose precision: cast to
 * VARCHAR to keep them); VARCHAR, ENUM and UUID a string; TIMESTAMP (any unit, with or without time zone)
 * and DATE are epoch milliseconds, with any microseconds as the fraction; a LIST or ARRAY an array; a MAP an
 * array of [key, value] pairs. Any other type is an error: cast it in SQL (a BLOB comes out through `blobs`).
 *
 * **Time zone**: every session works in UTC, so that a TIMESTAMPTZ column compared with a TIMESTAMP (a pin,
 * a bucket) gives the same rows whatever the process's TZ: the native engine sets its session's TimeZone
 * before its first statement (on a connection a host passes in too); duckdb-wasm without its ICU extension
 * has no time zones and casts in UTC, and with ICU loaded it is set as well.
 */
export interface Engine {
  readonly kind: EngineKind;
  /** Runs a statement for its effect. Without parameters the SQL may hold several statements. */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /** A small result, row by row, as plain values. */
  rows(sql: string, params?: readonly SqlParam[]): Promise<SqlValue[][]>;
  /**
   * The hot path: a result of `rowCount` rows whose every column is a DOUBLE without NULLs (coalesce them in
   * SQL), one Float64Array per column, copied out of DuckDB's vectors or Arrow batches without a JS value
   * per cell. Another row count or type, or a NULL, is an error.
   */
  doubleColumns(sql: string, params: readonly SqlParam[], rowCount: number): Promise<Float64Array[]>;
  /**
   * doubleColumns for several groups of rows from one result: its first column is each row's group (0, 1,
   * …, as a DOUBLE) and group g has `groupRows[g]` rows; result[g] holds the other columns of its rows.
   */
  groupedDoubleColumns(
    sql: string,
    params: readonly SqlParam[],
    groupRows: readonly number[],
  ): Promise<Float64Array[][]>;
  /**
   * A one-column result of BLOBs without NULLs, each value its bytes as DuckDB hands them over: one copy out
   * of DuckDB (native: its own buffer; duckdb-wasm: a view of the Arrow batch), no value per byte.
   */
  blobs(sql: string, params?: readonly SqlParam[]): Promise<Uint8Array[]>;
  /** Asks the running query to stop; it then fails. A no-op when nothing runs. */
  interrupt(): void;
  /** Releases what this engine opened; an engine wrapping something its caller owns leaves that open. */
  close(): Promise<void>;
}

export type EngineKind = 'node' | 'wasm';

/** A parameter value; see Engine for how each is written in SQL. */
export type SqlParam =
  | number
  | string
  | boolean
  | null
  | Date
  | readonly number[]
  | readonly string[]
  | ReadonlyMap<string, number>
  | Uint8Array;

/** A value of a `rows` result; see Engine. */
export type SqlValue = null | boolean | number | string | SqlValue[];

/** How an engine opened from a path is set up. */
export interface EngineSettings {
  engine: EngineKind;
  /** DuckDB's worker threads. The native engine's only: duckdb-wasm has one. */
  threads: number;
  /**
   * DuckDB's buffer pool, for example '64MB': without it DuckDB keeps up to 80% of RAM of scanned pages.
   * The native engine's only: duckdb-wasm cannot spill to disk, so a limit would make large queries fail.
   */
  memoryLimit: string;
  /** Opens the file READ_ONLY, which several processes may do at once. The native engine's only. */
  readOnly?: boolean;
}

/** The element type of a list parameter; an empty list binds as either. */
export function listKind(list: readonly (number | string)[]): 'number' | 'string' {
  const kind = typeof list[0] === 'string' ? 'string' : 'number';
  if (!list.every((item) => typeof item === kind)) {
    throw new TypeError('a list parameter holds only numbers or only strings');
  }
  return kind;
}

// 0001-01-01T00:00:00Z (Date.UTC reads years below 100 as 19xx).
const YEAR_ONE = -62_135_596_800_000;
const YEAR_10000 = Date.UTC(10000, 0, 1);

/** A timestamp parameter's epoch milliseconds; the range is what both engines can bind (years 1 to 9999). */
export function timestampMs(date: Date): number {
  const ms = date.getTime();
  if (!(ms >= YEAR_ONE && ms < YEAR_10000)) {
    throw new RangeError(`a timestamp parameter must be a valid date in the years 1 to 9999, got ${date}`);
  }
  return ms;
}

/**
 * Epoch milliseconds of an integer count of `unit` (1000n for microseconds), the fraction included: the
 * formula of Apache Arrow's getters, so that both engines give the same double.
 */
export function epochMs(count: bigint, unitsPerMs: bigint): number {
  return Number(count / unitsPerMs) + Number(count % unitsPerMs) / Number(unitsPerMs);
}

/** A DECIMAL's unscaled integer as a number. */
export function decimalNumber(unscaled: bigint, scale: number): number {
  return Number(unscaled) / 10 ** scale;
}

/** The error both engines raise when a `rows` result has a column type outside the plain values. */
export function unsupportedType(type: string): Error {
  return new TypeError(`a result column of type ${type} has no plain value: cast it in SQL`);
}

/** The error both engines raise when doubleColumns gets another number of rows than announced. */
export function rowCountError(expected: number, got: string, group?: number): RangeError {
  const where = group === undefined ? '' : ` in group ${group}`;
  return new RangeError(`doubleColumns: expected ${expected} rows${where}, got ${got}`);
}

/**
 * A DuckDB error as the run should see it. A closed connection is a StoreError. A FATAL error makes DuckDB invalidate the database instance:
 * every later statement on it fails until it is opened again, so it is a StoreError (the run cannot go on),
 * its message the cause DuckDB gives in one line. Any other error is returned as it is.
 */
export function engineError(error: unknown): unknown {
  const message = errorMessage(error);
  if (/connection disconnected/i.test(message)) {
    return new StoreError('the DuckDB connection is closed: an engine needs an open one');
  }
  if (!/^FATAL Error|database has been invalidated/i.test(message)) return error;
  // A later statement's message carries the first failure as: Original error: "…".
  const cause = (/Original error: "?(.*)/.exec(message)?.[1] ?? message.replace(/^FATAL Error:\s*/i, ''))
    .split('\n')[0]
    ?.replace(/"$/, '');
  return new StoreError(
    `DuckDB invalidated the database after a fatal error (${cause}): what was committed before it is kept; it must be opened again`,
  );
}

/**
 * The engine with the failure of every statement passed through engineError, and `setUp` (the session's
 * settings) run once before its first statement; tried again by the next one if it failed.
 */
export function guardedEngine(engine: Engine, setUp: () => Promise<void> = async () => {}): Engine {
  let ready: Promise<void> | undefined;
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        ready ??= setUp().catch((error: unknown) => {
          ready = undefined;
          throw error;
        });
        await ready;
        return await call(...args);
      } catch (error) {
        throw engineError(error);
      }
    };
  return {
    ...engine,
    run: guard(engine.run),
    rows: guard(engine.rows),
    doubleColumns: guard(engine.doubleColumns),
    groupedDoubleColumns: guard(engine.groupedDoubleColumns),
    blobs: guard(engine.blobs),
  };
}
