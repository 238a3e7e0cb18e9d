/** Where a WebAssembly module comes from: its URL, its bytes, or the module already compiled. */
export type WasmSource = URL | BufferSource | WebAssembly.Module;

/** The module compiled from its source; `what` names it in errors. */
export async function compileWasm(source: WasmSource, what: string): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  return WebAssembly.compile(source instanceof URL ? await readBytes(source, what) : source);
}

async function readBytes(url: URL, what: string): Promise<BufferSource> {
  // Node's fetch refuses file: URLs, and Deno's WebAssembly.instantiateStreaming refuses file: responses (no
  // content type): files are read as bytes. Node's fs is reached through `process`, where there is one, and
  // not imported: a Worker's bundler would have to resolve the import.
  const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
  if (url.protocol === 'file:' && fs !== undefined) return new Uint8Array(await fs.readFile(url));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${what} from ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
