import { describe, expect, it } from 'vitest';
import { formatNumber, formatPValue } from '../src/web/dom.js';

describe('formatPValue', () => {
  it('shows a p-value that underflowed to 0 as below 1e-300, as people read it', () => {
    expect(formatPValue(0)).toBe('< 1e-300');
  });

  it('shows every other p-value as any number', () => {
    for (const value of [1, 0.05, 1e-300, 5e-324, null, Number.NaN]) {
      expect(formatPValue(value)).toBe(formatNumber(value));
    }
  });
});
