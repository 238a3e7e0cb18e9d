import type { RunOptions } from '../run/options.js';
import { fileQueueKeys, fileRunKeys } from './configKeys.js';

export type Origin = 'default' | 'file' | 'flag';

export interface OptionLine {
  /** The key path, as a configuration file writes it (`compare.psiAlert`). */
  key: string;
  /** The value as JSON. */
  value: string;
  origin: Origin;
}

/**
 * Every data option of a resolved run, leaf by leaf, with where its value came from: a flag, the file, or
 * the default. A model's overrides are listed as the file gives them; a queue's secret never.
 */
export function optionOrigins(options: RunOptions, file: object, flags: object): OptionLine[] {
  const fromFlags = new Set(leaves(flags).map(([key]) => key));
  const fromFile = new Set(leaves(file).map(([key]) => key));
  const origin = (key: string): Origin =>
    fromFlags.has(key) ? 'flag' : fromFile.has(key) ? 'file' : 'default';
  const { queue, models: _, ...rest } = Object.fromEntries(fileRunKeys.map((key) => [key, options[key]]));
  const shown = {
    ...rest,
    ...(queue === null
      ? { queue: null }
      : {
          queue: Object.fromEntries(
            fileQueueKeys.map((key) => [key, (queue as Record<string, unknown>)[key]]),
          ),
        }),
  };
  const models = leaves({ models: (file as { models?: unknown }).models ?? {} });
  return [...leaves(shown), ...models].map(([key, value]) => ({
    key,
    value: JSON.stringify(value),
    origin: origin(key),
  }));
}

/** [path, value] of each leaf: a value that is not a plain object (arrays, Dates and null are leaves). */
function leaves(value: object, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, item]): [string, unknown][] => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (item === undefined) return [];
    return typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof Date)
      ? leaves(item, path)
      : [[path, item]];
  });
}
