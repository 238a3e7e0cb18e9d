import type { ConfigFile, GivenOptions } from '../config/readConfigFile.js';
import { type RunOptions, type RunOptionsInput, resolveRunOptions } from '../run/options.js';
import { queueSecretVariable, UsageError } from './usageError.js';

/** A run's options from a configuration file and the flags, and the Redis its results go to. */
export interface ConfiguredRun {
  /** What startServiceC is given: the file's options, the flags' over them. */
  input: RunOptionsInput;
  /** The same, resolved and checked. */
  options: RunOptions;
  redis: string | null;
}

/** What the command line says besides its flags' options. */
export interface CommandLine {
  /** The command, for the message when no database is given. */
  command: string;
  /** `--redis`, else REDIS_URL. */
  redis: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Where a queue run's messages go. */
  log: (line: string) => void;
  cores: number;
}

/**
 * The file's options with the flags' over them (a flag wins over its key; `--queue-name` over the file's
 * queue name only), checked at once: a wrong value is one line naming the file and the key. A queue's
 * secret comes from SERVICE_C_QUEUE_SECRET. The Redis to publish to: `--redis`, else REDIS_URL, else the
 * file's `redis`.
 */
export function configuredRun(
  file: ConfigFile | null,
  flags: GivenOptions,
  { command, redis, env, log, cores }: CommandLine,
): ConfiguredRun {
  const given = file?.input ?? {};
  const queue =
    flags.queue === undefined && given.queue === undefined
      ? {}
      : {
          queue: {
            ...given.queue,
            ...flags.queue,
            secret: queueSecretVariable(env),
            log,
          } as RunOptionsInput['queue'],
        };
  const input = { ...given, ...flags, ...queue } as RunOptionsInput;
  if (input.database === undefined)
    throw new UsageError(`${command} needs --db FILE (or database in its --config FILE)`);
  const options = resolveRunOptions(input, cores, file?.path);
  return { input, options, redis: redis ?? file?.redis ?? null };
}
