import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compare } from '../compare/compare.js';
import { compareTable } from './compareSummary.js';
import { isTableFile, readColumnFile } from './readColumnFile.js';
import { numberArgument, UsageError } from './usageError.js';

export const compareFlags = {
  reference: { type: 'string' },
  current: { type: 'string' },
  column: { type: 'string' },
  format: { type: 'string' },
  bins: { type: 'string' },
  epsilon: { type: 'string' },
  categorical: { type: 'boolean', default: false },
} as const;

/**
 * `compare --reference FILE --current FILE`: JSON arrays, or a column of CSV or Parquet files read through
 * DuckDB. Prints the comparison as JSON, or with --format table (the default on a terminal) a summary line
 * and a table.
 */
export async function compareCommand(
  args: string[],
  out: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<void> {
  const { values } = parseArgs({ args, options: compareFlags });
  if (values.reference === undefined || values.current === undefined) {
    throw new UsageError('compare needs --reference FILE and --current FILE');
  }
  const format = values.format ?? (out.isTTY ? 'table' : 'json');
  if (format !== 'json' && format !== 'table') {
    throw new UsageError(`--format expects json or table, got '${format}'`);
  }
  const read = (file: string) => (isTableFile(file) ? readColumnFile(file, values.column) : readJson(file));
  const [reference, current] = await Promise.all([read(values.reference), read(values.current)]);
  const result = await compare(reference, current, {
    categorical: values.categorical,
    ...(values.bins === undefined
      ? {}
      : { bins: numberArgument('--bins', values.bins, { integer: true, min: 2 }) }),
    ...(values.epsilon === undefined ? {} : { epsilon: numberArgument('--epsilon', values.epsilon) }),
  });
  out.write(`${format === 'json' ? JSON.stringify(result, null, 2) : compareTable(result)}\n`);
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
    throw new UsageError(`${file} is not valid JSON (compare reads .json arrays, .csv or .parquet files)`);
  }
}
