import type { EngineKind } from '../engine/engine.js';

/** Bad input on the command line: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--engine node|wasm`. */
export function engineArgument(text: string): EngineKind {
  if (text !== 'node' && text !== 'wasm')
    throw new UsageError(`--engine expects node or wasm, got '${text}'`);
  return text;
}

export function numberArgument(
  flag: string,
  text: string,
  { integer = false, min = -Infinity } = {},
): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    const what = integer ? 'an integer' : 'a number';
    throw new UsageError(
      `${flag} expects ${what}${min > -Infinity ? ` of at least ${min}` : ''}, got '${text}'`,
    );
  }
  return value;
}
