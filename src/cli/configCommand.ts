import { parseArgs } from 'node:util';
import { configSchema } from '../config/configSchema.js';
import { optionOrigins } from '../config/optionOrigins.js';
import { readConfigFile } from '../config/readConfigFile.js';
import { runConfiguration, runFlagOptions, runFlags } from './runCommand.js';
import { UsageError } from './usageError.js';

export const configFlags = { ...runFlags, print: { type: 'boolean' }, schema: { type: 'boolean' } } as const;

interface Terminal {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/**
 * `config --print [--config FILE] [run flags]`: the options a run would resolve, a line per key with where
 * its value came from. `config --schema`: the configuration file's JSON Schema, made from the option rules.
 */
export async function configCommand(args: string[], terminal: Terminal): Promise<void> {
  const { values } = parseArgs({ args, options: configFlags });
  const { print, schema, ...flags } = values;
  if (schema) {
    terminal.out.write(`${JSON.stringify(configSchema(), null, 2)}\n`);
    return;
  }
  if (!print) throw new UsageError('config needs --print or --schema');
  const file = flags.config === undefined ? null : readConfigFile(flags.config);
  // Printed without a database too: the check then looks at everything else.
  const database = flags.db ?? (file?.input.database === undefined ? '(none)' : undefined);
  const run = runConfiguration(
    'config',
    { ...flags, ...(database === undefined ? {} : { db: database }) },
    terminal,
    file,
  );
  const lines = [
    ...optionOrigins(run.options, file?.input ?? {}, runFlagOptions(flags)),
    ...(run.redis === null
      ? []
      : [{ key: 'redis', value: JSON.stringify(run.redis), origin: redisOrigin(flags.redis, terminal.env) }]),
  ];
  const width = (pick: (line: (typeof lines)[number]) => string) =>
    Math.max(...lines.map((l) => pick(l).length));
  const [keyWidth, valueWidth] = [width((l) => l.key), width((l) => l.value)];
  for (const { key, value, origin } of lines)
    terminal.out.write(`${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${origin}\n`);
}

function redisOrigin(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag !== undefined ? 'flag' : env.REDIS_URL ? 'env REDIS_URL' : 'file';
}
