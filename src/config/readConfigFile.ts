import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { redisUrl } from '../queue/queueRules.js';
import type { ModelOverridesInput, QueueOptions, RunOptionsInput, WindowsInput } from '../run/options.js';
import { firstLine } from '../util/firstLine.js';
import { checkOptions, optional } from '../util/optionRules.js';
import { OptionsError } from '../util/optionsError.js';
import { configSchema } from './configSchema.js';

/** Options as the flags (or a file) give them: a queue without its secret. */
export type GivenOptions = Omit<Partial<RunOptionsInput>, 'queue'> & {
  queue?: Partial<Pick<QueueOptions, 'url' | 'name' | 'attempts' | 'noWorkerWarningMs' | 'outageMs'>>;
};

/** A configuration file's content: run options (checked when merged with the flags) and the Redis to publish to. */
export interface ConfigFile {
  path: string;
  input: GivenOptions;
  redis?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * service-c.config.json read: JSON, an object of known keys, its dates (a pinned `windows.historical`) as
 * Dates. Its values are checked by the option rules once merged with the flags (`configuredRun`); a wrong
 * key or value is one line naming the file and the key.
 */
export function readConfigFile(path: string): ConfigFile {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OptionsError(`${path}: ${firstLine(error)}`);
  }
  if (!isObject(content)) throw new OptionsError(`${path}: must hold a JSON object`);
  const known = Object.keys((configSchema() as { properties: Json }).properties);
  const unknown = Object.keys(content).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new OptionsError(`${path}: ${unknown.map((key) => `unknown option ${key}`).join('; ')}`);
  const { $schema: _, redis, windows, models, database, dataRoot, ...rest } = content;
  // Paths in the file are the file's: relative to its folder, wherever the command runs.
  const paths = Object.fromEntries(
    Object.entries({ database, dataRoot }).flatMap(([key, value]) =>
      value === undefined
        ? []
        : [[key, typeof value === 'string' && value !== '' ? resolve(dirname(path), value) : value]],
    ),
  );
  checkOptions(redis, optional(redisUrl), 'redis', path);
  return {
    path,
    input: {
      ...rest,
      ...paths,
      ...(windows === undefined ? {} : { windows: withDates(windows) }),
      ...(isObject(models)
        ? {
            models: Object.fromEntries(
              Object.entries(models).map(([name, model]) => [name, modelWithDates(model)]),
            ),
          }
        : models === undefined
          ? {}
          : { models }),
    } as GivenOptions,
    ...(redis === undefined ? {} : { redis: redis as string }),
  };
}

function modelWithDates(model: unknown): ModelOverridesInput {
  return (
    isObject(model) && model.windows !== undefined ? { ...model, windows: withDates(model.windows) } : model
  ) as ModelOverridesInput;
}

/** A pinned range's ISO texts as Dates; anything else as given, for the rules to name. */
function withDates(windows: unknown): WindowsInput {
  if (!isObject(windows) || !isObject(windows.historical)) return windows as WindowsInput;
  const { from, to } = windows.historical;
  const asDate = (value: unknown) => (typeof value === 'string' ? new Date(value) : value);
  return {
    ...windows,
    historical: { ...windows.historical, from: asDate(from), to: asDate(to) },
  } as WindowsInput;
}
