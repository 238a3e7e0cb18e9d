// The Compression Streams API, not node:zlib: stored profiles are written and read in Node, in browsers and
// on the edge (Deno, Bun, workerd), and the edge bundle may import nothing of Node. Its level is zlib's
// default (6), which measured within 7% of level 9's size at a fifth of its time.

/** Bytes as a Blob takes them: samples and BLOBs are never in a SharedArrayBuffer. */
const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** The bytes deflated, without a zlib or gzip header. */
export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = blobOf(bytes).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The bytes inflated into a buffer of `size` bytes of its own: those inflated, a view of its start when
 * fewer. A RangeError as soon as they come to more (a stored sample cannot make a run allocate more than
 * its kept rows say); what the runtime throws when they are not deflate.
 */
export async function inflateRaw(bytes: Uint8Array, size: number): Promise<Uint8Array> {
  const reader = blobOf(bytes).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const out = new Uint8Array(size);
  let filled = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (filled + read.value.length > size) {
      await reader.cancel();
      throw new RangeError(`inflates to more than ${size} bytes`);
    }
    out.set(read.value, filled);
    filled += read.value.length;
  }
  return filled === size ? out : out.subarray(0, filled);
}
