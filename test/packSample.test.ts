import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateRaw } from '../src/store/deflateRaw.js';
import { packSample, unpackSample } from '../src/store/packSample.js';
import { packedPart, STORED_SAMPLE_BYTES, storedSample } from '../src/store/storedSample.js';

/** The doubles' bits, to compare: toEqual would take -0 for 0 and any NaN for another. */
const bits = (values: Float64Array) => [
  ...new BigUint64Array(values.buffer, values.byteOffset, values.length),
];
const sorted = (values: readonly number[]) => Float64Array.from(values).sort();

async function roundTrip(values: Float64Array): Promise<Float64Array> {
  const { encoding, bytes } = await packSample(values);
  return unpackSample(encoding, bytes, values.length);
}

/** Any 64 bits: every NaN payload, -0, ±Infinity, subnormals. */
const anyBits = fc
  .array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 300 })
  .map((words) => new Float64Array(BigUint64Array.from(words).buffer));

describe('a packed sample', () => {
  it.each([
    ['empty', new Float64Array(0)],
    ['one value', Float64Array.of(-3.25)],
    ['-0 and 0', Float64Array.of(-0, -0, 0, 0)],
    [
      '±Infinity and NaN',
      Float64Array.of(Number.NEGATIVE_INFINITY, -1, 0, Number.POSITIVE_INFINITY, Number.NaN),
    ],
    ['negatives sorted, then NaN', Float64Array.of(-1e300, -2.5, -2.5, -1e-300, Number.NaN, Number.NaN)],
    [
      'the largest and smallest doubles',
      Float64Array.of(-Number.MAX_VALUE, -Number.MIN_VALUE, Number.MIN_VALUE, Number.MAX_VALUE),
    ],
  ])('(%s) unpacks to the same bits', async (_, values) => {
    expect(bits(await roundTrip(values))).toEqual(bits(values));
  });

  it('unpacks any bits to the same bits, sorted or in row order', async () => {
    await fc.assert(
      fc.asyncProperty(anyBits, fc.boolean(), async (values, sort) => {
        const sample = sort ? values.slice().sort() : values;
        expect(bits(await roundTrip(sample))).toEqual(bits(sample));
      }),
      { numRuns: 300 },
    );
  });

  it('unpacks sorted 2-decimal values and their NaNs to the same bits, in a buffer of its own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -100_000, max: 100_000 }), { maxLength: 2000 }),
        fc.nat(20),
        async (cents, missing) => {
          const values = sorted([...cents.map((c) => c / 100), ...Array(missing).fill(Number.NaN)]);
          const back = await roundTrip(values);
          expect(bits(back)).toEqual(bits(values));
          expect(back.byteOffset === 0 && back.byteLength === back.buffer.byteLength).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('packs a sorted sample as bit differences, one in row order as its bytes, both far smaller', async () => {
    const rows = Float64Array.from({ length: 50_000 }, (_, i) => Math.round(Math.sin(i) * 5_000) / 100);
    const inOrder = await packSample(rows);
    const ascending = await packSample(rows.slice().sort());
    expect(inOrder.encoding).toBe('deflate-raw');
    expect(ascending.encoding).toBe('bit-deltas+deflate-raw');
    // 50,000 values of 10,001 distinct: sorted, long runs of equal values and small steps.
    expect(ascending.bytes.length).toBeLessThan(rows.byteLength / 50);
    expect(inOrder.bytes.length).toBeLessThan(rows.byteLength / 2);
  });

  it('is refused, in words, when it holds another number of values, is not deflate or its encoding is unknown', async () => {
    const values = sorted([1.5, 2.5, 3.5]);
    const { encoding, bytes } = await packSample(values);
    await expect(unpackSample(encoding, bytes, 4)).rejects.toThrow('holds 24 bytes, not 8 × its 4 kept rows');
    await expect(unpackSample(encoding, bytes, 2)).rejects.toThrow('holds more than its 2 kept rows');
    await expect(unpackSample('gzip', bytes, 3)).rejects.toThrow('has an unknown encoding "gzip"');
    await expect(unpackSample(encoding, Uint8Array.of(0xff, 0xff, 0xff), 3)).rejects.toThrow();
  });

  it('stops inflating at its kept rows: a small BLOB cannot make a read allocate gigabytes', async () => {
    const bomb = await deflateRaw(new Uint8Array(64 << 20));
    expect(bomb.length).toBeLessThan(100_000);
    await expect(unpackSample('deflate-raw', bomb, 10)).rejects.toThrow('holds more than its 10 kept rows');
  });
});

describe('a stored sample', () => {
  it('is the packed bytes, followed by zeros when under 4,096 bytes, and gives them back', () => {
    const short = Uint8Array.of(7, 0, 9);
    const stored = storedSample(short);
    expect(stored.length).toBe(STORED_SAMPLE_BYTES);
    expect([...stored.subarray(0, 3)]).toEqual([7, 0, 9]);
    expect(stored.subarray(3).every((byte) => byte === 0)).toBe(true);
    expect([...packedPart(stored, 3)]).toEqual([7, 0, 9]);
    const long = new Uint8Array(STORED_SAMPLE_BYTES + 1).fill(5);
    expect(storedSample(long)).toBe(long);
    expect(packedPart(long, long.length)).toEqual(long);
    expect(packedPart(storedSample(new Uint8Array(0)), 0).length).toBe(0);
  });

  it('is refused, in words, when stored in another size or its padding is not zeros', () => {
    const stored = storedSample(Uint8Array.of(7, 0, 9));
    expect(() => packedPart(stored.subarray(0, 100), 3)).toThrow(
      'is stored in 100 bytes, not 4096 (3 packed)',
    );
    expect(() => packedPart(stored, 5000)).toThrow('is stored in 4096 bytes, not 5000 (5000 packed)');
    expect(() => packedPart(stored, -1)).toThrow(RangeError);
    expect(() => packedPart(stored, 2)).toThrow('has padding other than zeros (byte 2)');
    const tampered = stored.slice();
    tampered[4095] = 1;
    expect(() => packedPart(tampered, 3)).toThrow('has padding other than zeros (byte 4095)');
  });
});
