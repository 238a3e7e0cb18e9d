import { bitDeltas, undoBitDeltas } from './bitDeltas.js';
import { deflateRaw, inflateRaw } from './deflateRaw.js';
import { bytesAsDoubles, doublesAsBytes } from './doubleBytes.js';
import { unsortedAt } from './unsortedAt.js';

/**
 * How drift_baselines (since format 4) packs a sample, named in its sample_encoding: a sorted one as the
 * differences of its doubles' bits, deflated; one in row order (the performance's paired columns) as its
 * doubles' bytes, deflated, which measured 17% smaller there than differences of unrelated neighbours.
 */
export type SampleEncoding = 'bit-deltas+deflate-raw' | 'deflate-raw';

export interface PackedSample {
  encoding: SampleEncoding;
  bytes: Uint8Array;
}

/** The sample packed losslessly: unpackSample gives back every bit. */
export async function packSample(values: Float64Array): Promise<PackedSample> {
  return unsortedAt(values) < 0
    ? { encoding: 'bit-deltas+deflate-raw', bytes: await deflateRaw(bitDeltas(values)) }
    : { encoding: 'deflate-raw', bytes: await deflateRaw(doublesAsBytes(values)) };
}

/**
 * A stored sample of `count` doubles back, in a buffer of its own. A RangeError naming what is wrong when
 * the bytes hold another number of doubles or the encoding is unknown; the runtime's error when they are
 * not deflate.
 */
export async function unpackSample(
  encoding: string,
  bytes: Uint8Array,
  count: number,
): Promise<Float64Array> {
  if (encoding !== 'bit-deltas+deflate-raw' && encoding !== 'deflate-raw') {
    throw new RangeError(`has an unknown encoding ${JSON.stringify(encoding)}`);
  }
  const inflated = await inflateRaw(bytes, count * 8).catch((error: unknown) => {
    throw error instanceof RangeError ? new RangeError(`holds more than its ${count} kept rows`) : error;
  });
  if (inflated.length !== count * 8) {
    throw new RangeError(`holds ${inflated.length} bytes, not 8 × its ${count} kept rows`);
  }
  return encoding === 'deflate-raw' ? bytesAsDoubles(inflated) : undoBitDeltas(inflated);
}
