// drift_baselines holds doubles as little-endian float64 bytes: the layout of a Float64Array on every
// platform Node and the browsers run on, so that writing is a view and reading back at most one copy.
const littleEndian = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

function checkPlatform(): void {
  if (!littleEndian) throw new Error('stored baselines need a little-endian platform');
}

/** The doubles' bytes, a view (no copy). */
export function doublesAsBytes(values: Float64Array): Uint8Array {
  checkPlatform();
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Doubles from their bytes: a view when the bytes are a whole buffer of their own (the native engine's),
 * which the pool may then take; else one copy, since a view would share its buffer (an Arrow batch's).
 */
export function bytesAsDoubles(bytes: Uint8Array): Float64Array {
  checkPlatform();
  if (bytes.length % 8 !== 0) throw new RangeError(`a stored sample of ${bytes.length} bytes is not float64`);
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return new Float64Array(bytes.buffer, 0, bytes.length / 8);
  }
  const values = new Float64Array(bytes.length / 8);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}
