/**
 * The out-of-fold check's fold of each score, 0 or 1: a hash of its bits (MurmurHash3's finalizer over its
 * two 32-bit words, little-endian), so that it depends on the value alone, not on the rows' order, and
 * equal scores share a fold. Not the rank: alternate ranks within a class leak the label (the nearest score
 * of the other fold is then likelier to be of the same class).
 */
export function scoreFolds(values: Float64Array): Uint8Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const folds = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let h = ((words[2 * i] as number) ^ Math.imul(words[2 * i + 1] as number, 0x9e3779b1)) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    folds[i] = h & 1;
  }
  return folds;
}
