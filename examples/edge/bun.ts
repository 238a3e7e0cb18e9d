// Bun: the drift analysis of CSV files or DuckDB files of the platform, one JSON line per file.
//   bun examples/edge/bun.ts data.csv [more files...]
// duckdb-wasm starts once (its 34 MB module compiled in a second or two) and serves every file in turn.
import { analyseOnEdge, openEdgeDuckDB } from 'service-c/edge';

const files = Bun.argv.slice(2);
if (files.length === 0) {
  console.error('usage: bun bun.ts <file.csv | file.duckdb>...');
  process.exit(2);
}
const wasm = new URL(import.meta.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const db = await openEdgeDuckDB({ wasm });
for (const file of files) {
  const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
  console.log(JSON.stringify(await analyseOnEdge(db, { bytes, name: file.split('/').pop() ?? file })));
}
