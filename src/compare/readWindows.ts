import { DriftInputError } from './driftInputError.js';
import { countLabels, type LabelCounts } from './labelCounts.js';
import { isNumericArray, type NumericArray } from './numericArray.js';

export type Windows =
  | { kind: 'numeric'; reference: NumericArray; current: NumericArray }
  | { kind: 'categorical'; reference: LabelCounts; current: LabelCounts };

/**
 * Reads two windows of JSON-like values or typed arrays of numbers. null, NaN and ±Infinity are missing.
 * A typed array is taken as it is, without a pass over its values, unless it has to become labels. Any string makes the
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

type Values = NumericArray | readonly (number | string | null)[];

function numbersOf(values: Values): NumericArray {
  return isNumericArray(values) ? values : Float64Array.from(values, toNumber);
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
  window.forEach((value: unknown, i) => {
    if (typeof value === 'number') numbers++;
    else if (typeof value === 'string') strings++;
    else if (value !== null) {
      throw new DriftInputError(`${name}[${i}] is ${describe(value)}; expected a number, a string or null`);
    }
  });
  return { values: window as readonly (number | string | null)[], numbers, strings };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
}

function toLabel(value: number | string | null): string | null {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return null;
  return String(value);
}

function toNumber(value: number | string | null): number {
  return typeof value === 'number' ? value : Number.NaN;
}
