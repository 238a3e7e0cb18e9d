import { describe, expect, it } from 'vitest';
import { rankWindow } from '../src/store/rankWindow.js';

const kept = ({ start, end, stride }: ReturnType<typeof rankWindow>) => Math.ceil((end - start) / stride);

describe('rankWindow', () => {
  it('takes ranks [floor(from·N), floor(to·N))', () => {
    expect(rankWindow(1000, 0.5, 0.7, 1e9)).toEqual({ start: 500, end: 700, stride: 1 });
    expect(rankWindow(1000, 0.95, 1, 1e9)).toEqual({ start: 950, end: 1000, stride: 1 });
    expect(rankWindow(7, 0.5, 0.7, 1e9)).toEqual({ start: 3, end: 4, stride: 1 });
  });

  it('is not off by one where binary rounding of the fraction would be', () => {
    // 0.7 * 10 is 7.000000000000001 in binary floating point, 0.29 * 100 is 28.999999999999996.
    expect(rankWindow(10, 0, 0.7, 1e9).end).toBe(7);
    expect(rankWindow(100, 0.29, 1, 1e9).start).toBe(29);
  });

  it('keeps every k-th row, k = ceil(rows / cap), when the window is over the cap', () => {
    const window = rankWindow(2_000_000, 0.5, 0.7, 250_000);
    expect(window).toEqual({ start: 1_000_000, end: 1_400_000, stride: 2 });
    expect(kept(window)).toBe(200_000);
    const odd = rankWindow(1001, 0, 1, 100);
    expect(odd.stride).toBe(11);
    expect(kept(odd)).toBe(91);
  });

  it('gives an empty window on an empty table', () => {
    expect(kept(rankWindow(0, 0.95, 1, 10))).toBe(0);
  });

  it('rejects fractions out of order or outside [0, 1]', () => {
    expect(() => rankWindow(10, 0.7, 0.5, 10)).toThrow(/0 <= from <= to <= 1/);
    expect(() => rankWindow(10, 0.5, 1.2, 10)).toThrow(RangeError);
  });
});
