// The page's number texts, one literal per rule of formatNumber and formatPValue (src/web/dom.ts). The same
// literals hold test/support/numberText.ts, the second writing of these rules the dashboard tests expect with.
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPValue } from '../src/web/dom.js';
import { numberText, pValueText } from './support/numberText.js';

type Case = readonly [value: number | null | undefined, digits: number | undefined, text: string];

const rules: Record<string, readonly Case[]> = {
  'none is a dash': [
    [null, undefined, '–'],
    [undefined, undefined, '–'],
    [Number.NaN, undefined, '–'],
  ],
  'zero is 0, of either sign': [
    [0, undefined, '0'],
    [-0, undefined, '0'],
  ],
  'below 10^-digits: an exponent with one decimal': [
    [0.000123, undefined, '1.2e-4'],
    [-0.0000456, undefined, '-4.6e-5'],
    [0.000999, undefined, '1.0e-3'],
    [1e-300, undefined, '1.0e-300'],
    [5e-324, undefined, '4.9e-324'],
    [0.0000612, 4, '6.1e-5'],
  ],
  'below 1: digits decimals': [
    [0.001, undefined, '0.001'],
    [0.05, undefined, '0.050'],
    [0.12345, undefined, '0.123'],
    [-0.5, undefined, '-0.500'],
    [0.9996, undefined, '1.000'],
    [0.12345, 4, '0.1235'],
    [0.0125, undefined, '0.013'],
  ],
  'from 1: digits + 1 significant digits, at least 4, no trailing zeros': [
    [1, undefined, '1'],
    [1.0005, undefined, '1'],
    [2.5, undefined, '2.5'],
    [12.34567, undefined, '12.35'],
    [-12.34567, undefined, '-12.35'],
    [123456.7, undefined, '123500'],
    [999999.4, undefined, '1000000'],
    [1.23456, 4, '1.2346'],
    [12.34567, 4, '12.346'],
  ],
  'from a million: an exponent with two decimals': [
    [1e6, undefined, '1.00e+6'],
    [1234567, undefined, '1.23e+6'],
    [-98765432, undefined, '-9.88e+7'],
  ],
};

describe('formatNumber', () => {
  for (const [rule, cases] of Object.entries(rules)) {
    it(`shows ${rule}`, () => {
      for (const [value, digits, text] of cases) {
        expect(formatNumber(value, digits), `${value} (${digits ?? 3} digits)`).toBe(text);
        expect(numberText(value, digits), `numberText ${value} (${digits ?? 3} digits)`).toBe(text);
      }
    });
  }
});

describe('formatPValue', () => {
  it('shows a p-value that underflowed to 0 as below 1e-300', () => {
    expect(formatPValue(0)).toBe('< 1e-300');
    expect(pValueText(0)).toBe('< 1e-300');
  });

  it('shows every other p-value as a number', () => {
    for (const [value, text] of [
      [1, '1'],
      [0.05, '0.050'],
      [3.2e-17, '3.2e-17'],
      [5e-324, '4.9e-324'],
      [null, '–'],
      [Number.NaN, '–'],
    ] as const) {
      expect(formatPValue(value), String(value)).toBe(text);
      expect(pValueText(value), String(value)).toBe(text);
    }
  });
});
