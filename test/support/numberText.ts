/// <reference lib="es2023.intl" />
// Intl formats a decimal string exactly (Node 20 has it; the project's lib stops at ES2022).
// The page's number rules written a second time, through Intl.NumberFormat instead of the toFixed,
// toPrecision and toExponential of src/web/dom.ts, so that a test's expected text does not come from the
// code under test. test/formatNumber.test.ts holds both to the same literal per rule.

const plain = (options: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat('en-US', { useGrouping: false, ...options });

/**
 * The double's exact value in decimal (1.0005 is 1.000499999999999944…). Intl rounds a number by its
 * shortest decimal form, the page by its exact value; given the exact value as a string, Intl rounds as the
 * page does.
 */
function exactDecimal(value: number): `${number}` {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? '-' : '';
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xf_ffff_ffff_ffffn;
  // value = mantissa × 2^exponent = mantissa × 5^-exponent / 10^-exponent.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = biased === 0 ? -1074 : biased - 1075;
  if (exponent >= 0) return `${sign}${mantissa << BigInt(exponent)}` as `${number}`;
  const digits = (mantissa * 5n ** BigInt(-exponent)).toString().padStart(1 - exponent, '0');
  return `${sign}${digits.slice(0, exponent)}.${digits.slice(exponent)}` as `${number}`;
}

/** `1.2e-4`, `1.23e+6`: JavaScript's exponent form, from Intl's `1.2E-4`. */
function scientific(value: number, fractionDigits: number): string {
  const text = plain({
    notation: 'scientific',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(exactDecimal(value));
  const [mantissa, exponent = ''] = text.split('E');
  return `${mantissa}e${exponent.startsWith('-') ? exponent : `+${exponent}`}`;
}

/**
 * What the page shows for a number: '–' for none, '0', one decimal of an exponent below 10^-digits, two from
 * a million, `digits` decimals below 1, else max(digits + 1, 4) significant digits without trailing zeros.
 */
export function numberText(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 10 ** -digits) return scientific(value, 1);
  if (size >= 1e6) return scientific(value, 2);
  const exact = exactDecimal(value);
  if (size < 1) return plain({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(exact);
  return plain({ maximumSignificantDigits: Math.max(digits + 1, 4) }).format(exact);
}

/** A p-value: one that underflowed to 0 is '< 1e-300'. */
export const pValueText = (value: number | null | undefined) =>
  value === 0 ? '< 1e-300' : numberText(value);

/** A change: '+' or a true minus sign before the size, '0', '–' for none. */
export function changeText(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  return `${value < 0 ? '\u2212' : '+'}${numberText(Math.abs(value))}`;
}

/** A change and, when it has one, its interval in brackets. */
export const changeWithIntervalText = (change: number | null, low: number | null, high: number | null) =>
  `${changeText(change)}${low === null || high === null ? '' : ` [${changeText(low)}, ${changeText(high)}]`}`;

/** A count rounded, with a comma every three digits. */
export const countText = (value: number) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
