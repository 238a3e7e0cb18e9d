import { StoreError } from '../store/storeError.js';
import { firstLine } from '../util/firstLine.js';

/**
 * A WebAssembly trap inside duckdb-wasm: a `WebAssembly.RuntimeError` from the blocking bindings, or its
 * name and message as an AsyncDuckDB's worker relays them. After one the module is broken (its stack pointer
 * is left where the trap found it): every later call traps too, or worse, runs on corrupt memory.
 */
export const isWasmTrap = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'RuntimeError';

/** The trap as the run should end with it: one line, the module's limits and the way around them. */
export function wasmTrapError(error: unknown): StoreError {
  return new StoreError(
    `duckdb-wasm failed inside its WebAssembly module (${firstLine(error)}) and cannot run another statement, so nothing more is written to the database; its limits are 4 GB of memory, one thread and a 1 MiB stack: the native engine (--engine node) has none of them`,
  );
}
