import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compare } from '../compare/compare.js';
import { numberArgument, UsageError } from './usageError.js';

export async function compareCommand(args: string[], out: NodeJS.WritableStream): Promise<void> {
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
    ...(values.bins === undefined
      ? {}
      : { bins: numberArgument('--bins', values.bins, { integer: true, min: 2 }) }),
    ...(values.epsilon === undefined ? {} : { epsilon: numberArgument('--epsilon', values.epsilon) }),
  });
  out.write(`${JSON.stringify(result, null, 2)}\n`);
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
