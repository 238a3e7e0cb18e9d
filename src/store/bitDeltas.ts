import { bytesAsDoubles, doublesAsBytes } from './doubleBytes.js';

// A double's IEEE-754 bits as a 64-bit integer are monotone in its value among doubles of one sign, so the
// differences between neighbours of a sorted sample are small integers: mostly zero high bytes, which
// deflate packs 25× on the hourly bench's samples where the doubles' own bytes pack 12×. A 64-bit
// difference is two 32-bit words with a borrow (BigInt64Array costs an allocation per value); wrapping
// arithmetic makes it exact for any bits: NaN payloads, -0, ±Infinity, and unsorted values alike.

/** Each double's bits minus its predecessor's (the first's minus zero), little-endian, in a new buffer. */
export function bitDeltas(values: Float64Array): Uint8Array {
  const bytes = doublesAsBytes(values);
  const bits = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const deltas = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i += 2) {
    const low = bits[i] as number;
    const previousLow = i === 0 ? 0 : (bits[i - 2] as number);
    const previousHigh = i === 0 ? 0 : (bits[i - 1] as number);
    deltas[i] = (low - previousLow) >>> 0;
    deltas[i + 1] = ((bits[i + 1] as number) - previousHigh - (low < previousLow ? 1 : 0)) >>> 0;
  }
  return new Uint8Array(deltas.buffer);
}

/** bitDeltas undone: the doubles, in place when the bytes are a whole buffer of their own (bytesAsDoubles). */
export function undoBitDeltas(bytes: Uint8Array): Float64Array {
  const values = bytesAsDoubles(bytes);
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 2; i < words.length; i += 2) {
    const low = ((words[i] as number) + (words[i - 2] as number)) >>> 0;
    const carry = low < (words[i - 2] as number) ? 1 : 0;
    words[i] = low;
    words[i + 1] = ((words[i + 1] as number) + (words[i - 1] as number) + carry) >>> 0;
  }
  return values;
}
