import type { SqlParam } from './engine.js';
import type { WasmConnection, WasmDuckDB, WasmTable } from './wasmDuckDB.js';
import { wasmValue } from './wasmValue.js';

/**
 * The most bytes of JSON a statement's parameters may take to be bound the ordinary way. duckdb-wasm 1.32.0
 * (`runPrepared`) hands them to DuckDB as one JSON text that emscripten copies onto the module's stack:
 * 1 MiB (the STACK_SIZE of its glue), shared with DuckDB's own frames. A text of about 1 MB overflowed it
 * ("RuntimeError: memory access out of bounds", and the module failed every call after it); a stored
 * baseline's sample of 100,000 doubles is 4 MB of it. An eighth of the stack leaves DuckDB the rest.
 */
const STACK_BUDGET = 128 * 1024;

/** Whether parameters, as the JSON text duckdb-wasm makes of them, fit its stack with room to spare. */
export function fitsWasmStack(values: readonly (string | boolean | null)[]): boolean {
  // A UTF-16 unit of the text is at most 3 bytes of the UTF-8 copy on the stack.
  return JSON.stringify(values).length * 3 <= STACK_BUDGET;
}

/** How one parameter reaches EXECUTE: as a keyword, or as a variable read from a file. */
interface Argument {
  sql: string;
  file?: { name: string; bytes: Uint8Array; variable: string; reader: 'read_blob' | 'read_text' };
}

/**
 * A statement whose parameters are too large for duckdb-wasm's binding (see STACK_BUDGET), run without it:
 * each value goes in as a file of duckdb-wasm's (bytes as they are, any other value as its UTF-8 text, see
 * wasmValue), through a session variable set from `read_blob` / `read_text`, and the statement, prepared
 * in SQL, runs with `EXECUTE name(getvariable(…), …)`. The same value reaches the same `?`, none is written
 * into the SQL text, and nothing passes through the stack. Names are fresh per call; files, variables and
 * the statement are released after it.
 */
export async function queryWithLargeParams(
  db: WasmDuckDB,
  connection: WasmConnection,
  sql: string,
  params: readonly SqlParam[],
): Promise<WasmTable> {
  const id = crypto.randomUUID().replaceAll('-', '');
  const statement = `service_c_statement_${id}`;
  const args = params.map((param, i) => argumentOf(param, `service_c_param_${id}_${i}`));
  const files = args.flatMap(({ file }) => (file === undefined ? [] : [file]));
  const release = async () => {
    await connection.query(
      [`DEALLOCATE ${statement}`, ...files.map(({ variable }) => `RESET VARIABLE ${variable}`)].join(';\n'),
    );
    await db.dropFiles(files.map(({ name }) => name));
  };
  let result: WasmTable;
  try {
    for (const { name, bytes } of files) await db.registerFileBuffer(name, bytes);
    // A line break ends a comment the statement may close with.
    await connection.query(`PREPARE ${statement} AS ${sql}\n`);
    result = await connection.query(
      [
        ...files.map(
          ({ variable, reader, name }) =>
            `SET VARIABLE ${variable} = (SELECT content FROM ${reader}('${name}'))`,
        ),
        `EXECUTE ${statement}(${args.map((arg) => arg.sql).join(', ')})`,
      ].join(';\n'),
    );
  } catch (error) {
    // The statement's error is the one to report: after it the caller's transaction may refuse RESET until
    // it rolls back (the variables then live until the connection closes), and after a WebAssembly trap
    // every call fails.
    await release().catch(() => {});
    throw error;
  }
  await release();
  return result;
}

function argumentOf(param: SqlParam, variable: string): Argument {
  if (param === null) return { sql: 'NULL' };
  if (typeof param === 'boolean') return { sql: String(param) };
  const name = `${variable}.param`;
  const sql = `getvariable('${variable}')`;
  // Copies: an AsyncDuckDB transfers the buffer to its worker, which leaves the caller's array empty.
  if (param instanceof Uint8Array) {
    return { sql, file: { name, bytes: param.slice(), variable, reader: 'read_blob' } };
  }
  const bytes = new TextEncoder().encode(wasmValue(param) as string);
  return { sql, file: { name, bytes, variable, reader: 'read_text' } };
}
