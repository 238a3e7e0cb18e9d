type Awaitable<T> = T | Promise<T>;

/**
 * What the wasm engine uses of a duckdb-wasm database. The blocking bundle's bindings (`createDuckDB` of
 * `@duckdb/duckdb-wasm/blocking`, synchronous) and a browser's `AsyncDuckDB` (a Web Worker) both have it.
 * Files: a statement's large parameters go to DuckDB as files of its own (see largeParams.ts).
 */
export interface WasmDuckDB {
  connect(): Awaitable<WasmConnection>;
  registerFileBuffer(name: string, buffer: Uint8Array): Awaitable<unknown>;
  dropFiles(names: string[]): Awaitable<unknown>;
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
