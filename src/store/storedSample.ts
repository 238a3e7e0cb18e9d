/**
 * The fewest bytes a numeric phase's sample is stored in (drift_baselines format 5): its packed bytes, then
 * zeros up to this. DuckDB (1.5) keeps a BLOB shorter than 4,096 bytes inline in its column segment, and to
 * hand out any row of a 2,048-row vector reads every inline BLOB of that vector (about 8 MB a vector of the
 * hourly bench's store, for samples of 1.5–3 KB); a BLOB of 4,096 bytes or more goes to overflow blocks, of
 * which a query reads only those of the rows it hands out (measured: 3 rows of 4,095 bytes out of 4,096 rows
 * read 17.3 MB, of 4,096 bytes 1.0 MB). The threshold is DuckDB's string block limit at its 256 KB blocks.
 */
export const STORED_SAMPLE_BYTES = 4096;

/** How many bytes a packed sample of `packed` bytes is stored in. */
export const storedLength = (packed: number): number => Math.max(packed, STORED_SAMPLE_BYTES);

/** The packed sample as stored: itself when long enough, else followed by zeros. */
export function storedSample(packed: Uint8Array): Uint8Array {
  if (packed.length >= STORED_SAMPLE_BYTES) return packed;
  const stored = new Uint8Array(STORED_SAMPLE_BYTES);
  stored.set(packed);
  return stored;
}

/**
 * The packed sample of `packed` bytes a stored one holds (a view of it). A RangeError naming what is wrong
 * when it is stored in another number of bytes or its padding is not zeros: nothing but the sample is kept.
 */
export function packedPart(stored: Uint8Array, packed: number): Uint8Array {
  if (!Number.isSafeInteger(packed) || packed < 0 || stored.length !== storedLength(packed)) {
    throw new RangeError(
      `is stored in ${stored.length} bytes, not ${storedLength(packed)} (${packed} packed)`,
    );
  }
  for (let i = packed; i < stored.length; i++) {
    if (stored[i] !== 0) throw new RangeError(`has padding other than zeros (byte ${i})`);
  }
  return stored.subarray(0, packed);
}
