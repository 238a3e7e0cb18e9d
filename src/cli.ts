#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compare } from './compare/compare.js';
import { DriftInputError } from './compare/driftInputError.js';

const usage = `usage:
  service-c compare --reference FILE --current FILE [--bins N] [--epsilon E] [--categorical]
      FILE holds a JSON array of numbers, strings or null; prints the comparison as JSON`;

/** Bad input: one line on stderr and exit code 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'compare') return compareCommand(rest);
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  throw new UsageError(`unknown command '${command}'\n${usage}`);
}

async function compareCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      reference: { type: 'string' },
      current: { type: 'string' },
      bins: { type: 'string' },
      epsilon: { type: 'string' },
      categorical: { type: 'boolean', default: false },
    },
  });
  if (values.reference === undefined || values.current === undefined) {
    throw new UsageError('compare needs --reference FILE and --current FILE');
  }
  const [reference, current] = await Promise.all([readJson(values.reference), readJson(values.current)]);
  const result = await compare(reference, current, {
    categorical: values.categorical,
    ...(values.bins === undefined ? {} : { bins: numberArgument('--bins', values.bins) }),
    ...(values.epsilon === undefined ? {} : { epsilon: numberArgument('--epsilon', values.epsilon) }),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function numberArgument(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} expects a number, got '${text}'`);
  return value;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not valid JSON`);
  }
}

function isBadInput(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof DriftInputError ||
    error instanceof RangeError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (!isBadInput(error)) throw error;
  process.stderr.write(`service-c: ${error.message.split('\n')[0]}\n`);
  process.exitCode = 2;
});
