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

/** `--queue redis://HOST:PORT`. */
export function queueUrlArgument(text: string): string {
  if (!/^rediss?:\/\/./.test(text)) throw new UsageError(`--queue expects redis://HOST:PORT, got '${text}'`);
  return text;
}

/** `--queue-name NAME`: BullMQ keeps a queue under keys "bull:NAME:...", so no ':'. */
export function queueNameArgument(text: string): string {
  if (text === '' || text.includes(':')) {
    throw new UsageError(`--queue-name expects a name without ':', got '${text}'`);
  }
  return text;
}
