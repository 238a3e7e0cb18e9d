import { DriftInputError } from './driftInputError.js';
import { countLabels, type LabelCounts } from './labelCounts.js';
import { isNumericArray, type NumericArray } from './numericArray.js';

export type Windows =
  | { kind: 'numeric'; reference: NumericArray; current: NumericArray }
  | { kind: 'categorical'; reference: LabelCounts; current: LabelCounts };

/**
 * Reads two windows of JSON-like values or typed arrays of numbers. null, undefined, a hole, NaN and
 * ±Infinity are missing. A typed array is taken as it is, without a pass over its values, unless it has to
 * become labels. Any string makes the
 * feature categorical; numbers then have to be asked to be categories too, so a typo in a numeric column
 * is an error, not a silent change of test.
 */
export function readWindows(reference: unknown, current: unknown, categorical: boolean): Windows {
  const ref = valuesOf(reference, 'reference');
  const cur = valuesOf(current, 'current');
  const hasStrings = ref.strings > 0 || cur.strings > 0;
  const hasNumbers = ref.numbers > 0 || cur.numbers > 0;
  if (categorical || hasStrings) {
    if (!categorical && hasNumbers) {
      const where =
        ref.numbers > 0 && ref.strings > 0
          ? 'the reference window mixes'
          : cur.numbers > 0 && cur.strings > 0
            ? 'the current window mixes'
            : 'the two windows mix';
      throw new DriftInputError(
        `${where} numbers and strings; pass categorical (--categorical) to treat every value as a category`,
      );
    }
    return {
      kind: 'categorical',
      reference: countLabels(Array.from(ref.values, toLabel)),
      current: countLabels(Array.from(cur.values, toLabel)),
    };
  }
  return { kind: 'numeric', reference: numbersOf(ref.values), current: numbersOf(cur.values) };
}

type Value = number | string | null | undefined;
type Values = NumericArray | readonly Value[];

function numbersOf(values: Values): NumericArray {
  if (isNumericArray(values)) return values;
  // A plain loop: Float64Array.from with a mapping function takes several times as long.
  const numbers = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) numbers[i] = toNumber(values[i]);
  return numbers;
}

function valuesOf(window: unknown, name: string): { values: Values; numbers: number; strings: number } {
  if (isNumericArray(window)) return { values: window, numbers: window.length, strings: 0 };
  if (ArrayBuffer.isView(window)) {
    throw new DriftInputError(
      `the ${name} window is a ${window.constructor.name}; expected an array or a typed array of numbers`,
    );
  }
  if (!Array.isArray(window)) throw new DriftInputError(`the ${name} window is not an array`);
  let numbers = 0;
  let strings = 0;
  for (let i = 0; i < window.length; i++) {
    const value: unknown = window[i];
    if (typeof value === 'number') numbers++;
    else if (typeof value === 'string') strings++;
    // A hole of a sparse array reads as undefined: both are missing, as null is.
    else if (value !== null && value !== undefined) {
      throw new DriftInputError(`${name}[${i}] is ${describe(value)}; expected a number, a string or null`);
    }
  }
  return { values: window as readonly Value[], numbers, strings };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
}

function toLabel(value: Value): string | null {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    return null;
  }
  return String(value);
}

function toNumber(value: Value): number {
  return typeof value === 'number' ? value : Number.NaN;
}
