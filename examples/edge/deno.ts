// Deno: the drift analysis of CSV files or DuckDB files of the platform, one JSON line per file.
//   deno run --allow-read examples/edge/deno.ts data.csv [more files...]
// duckdb-wasm starts once (its 34 MB module compiled in a second or two) and serves every file in turn.
import { analyseOnEdge, openEdgeDuckDB } from 'service-c/edge';

if (Deno.args.length === 0) {
  console.error('usage: deno run --allow-read deno.ts <file.csv | file.duckdb>...');
  Deno.exit(2);
}
const wasm = new URL(import.meta.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const db = await openEdgeDuckDB({ wasm });
for (const file of Deno.args) {
  const bytes = await Deno.readFile(file);
  console.log(JSON.stringify(await analyseOnEdge(db, { bytes, name: file.split('/').pop() ?? file })));
}
