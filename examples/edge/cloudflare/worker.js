// A Cloudflare Worker: POST a CSV (or a DuckDB file of the platform) and get the drift summary back.
// workerd compiles no WebAssembly at run time: duckdb-wasm, the kernel and the small modules duckdb-wasm
// would build at start are all imported, so workerd compiles them when it loads the Worker.
import duckdbWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm';
import { analyseOnEdge, openEdgeDuckDB } from 'service-c/edge';
import { duckdbModules } from 'service-c/edge/workerd';
import kernel from 'service-c/kernel.wasm';

// One database per isolate, started by the first request and kept for the next ones; requests that come
// together take turns in it (analyseOnEdge).
let database;

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return new Response('POST a CSV or a DuckDB file; ?name= names a CSV model\n', { status: 405 });
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    const name = new URL(request.url).searchParams.get('name') ?? 'upload.csv';
    database ??= openEdgeDuckDB({ wasm: duckdbWasm, precompiled: duckdbModules });
    try {
      return Response.json(await analyseOnEdge(await database, { bytes, name }, { pool: { kernel } }));
    } catch (error) {
      return Response.json({ error: String(error?.message ?? error).split('\n')[0] }, { status: 422 });
    }
  },
};
