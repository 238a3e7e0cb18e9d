// The CLI as a new user meets it (issue 20, item 8): compare on CSV and Parquet files, a one-line summary,
// --version, "did you mean", options listed only where they work, and a bare `service-c` as an error.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSummaryLine } from '../src/cli/compareSummary.js';
import { compare } from '../src/compare/compare.js';
import { execute, scratchFolder } from './support/platformDatabase.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const serviceC = (...args: string[]) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

let folder: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  folder = scratchFolder();
});
afterAll(() => folder.cleanup());

const reference = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
const current = Array.from({ length: 150 }, (_, i) => ((i * 53) % 97) + 10);
const channels = (n: number, shift: number) =>
  Array.from({ length: n }, (_, i) => ['web', 'ios', 'android'][(i + shift) % 3] as string);

function csv(name: string, values: readonly number[], labels: readonly string[]): string {
  const path = folder.path(name);
  writeFileSync(path, ['amount,channel', ...values.map((v, i) => `${v},${labels[i]}`)].join('\n'));
  return path;
}

const api = async (a: unknown[], b: unknown[], options = {}) =>
  JSON.parse(JSON.stringify(await compare(a, b, options)));

describe('service-c compare on table files', () => {
  it('compares a CSV column with --column, as the API compares the same arrays', async () => {
    const r = csv('r.csv', reference, channels(200, 0));
    const c = csv('c.csv', current, channels(150, 1));
    const numeric = serviceC('compare', '--reference', r, '--current', c, '--column', 'amount');
    expect(numeric.code, numeric.stderr).toBe(0);
    expect(JSON.parse(numeric.stdout)).toEqual(await api(reference, current));
    const categorical = serviceC('compare', '--reference', r, '--current', c, '--column', 'channel');
    expect(JSON.parse(categorical.stdout)).toEqual(await api(channels(200, 0), channels(150, 1)));
  });

  it('compares Parquet files, and a CSV against a Parquet file', async () => {
    const r = folder.path('r.parquet');
    const c = folder.path('c.parquet');
    await execute(
      ':memory:',
      `COPY (SELECT unnest([${reference.join(',')}])::DOUBLE AS amount) TO '${r}' (FORMAT parquet)`,
      `COPY (SELECT unnest([${current.join(',')}])::DOUBLE AS amount) TO '${c}' (FORMAT parquet)`,
    );
    // One column: --column may be left out.
    const parquet = serviceC('compare', '--reference', r, '--current', c);
    expect(parquet.code, parquet.stderr).toBe(0);
    expect(JSON.parse(parquet.stdout)).toEqual(await api(reference, current));
    const mixed = serviceC(
      'compare',
      '--reference',
      csv('r2.csv', reference, channels(200, 0)),
      '--current',
      c,
      '--column',
      'amount',
    );
    expect(JSON.parse(mixed.stdout)).toEqual(await api(reference, current));
  });

  it('names the columns when --column is missing or wrong, with exit code 2', () => {
    const r = csv('r3.csv', reference, channels(200, 0));
    expect(serviceC('compare', '--reference', r, '--current', r)).toEqual({
      code: 2,
      stdout: '',
      stderr: `service-c: ${r} has 2 columns: say which with --column (amount, channel)\n`,
    });
    expect(serviceC('compare', '--reference', r, '--current', r, '--column', 'amt').stderr).toBe(
      `service-c: ${r} has no column 'amt' (it has amount, channel)\n`,
    );
  });

  it('prints one summary line and a table with --format table', async () => {
    const r = csv('r4.csv', reference, channels(200, 0));
    const c = csv('c4.csv', current, channels(150, 1));
    const result = serviceC(
      'compare',
      '--reference',
      r,
      '--current',
      c,
      '--column',
      'amount',
      '--format',
      'table',
    );
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(compareSummaryLine(await compare(reference, current)));
    expect(lines[0]).toMatch(
      /^(ok|warning|alert|insufficient_data): PSI [\d.]+, KS D [\d.]+ \(p [\d.e-]+\), 200 vs 150 values, numeric$/,
    );
    expect(lines[2]).toMatch(/^\s+reference\s+current$/);
    expect(serviceC('compare', '--reference', r, '--current', c, '--format', 'yaml').stderr).toBe(
      "service-c: --format expects json or table, got 'yaml'\n",
    );
  });
});

describe('service-c without a command, --version, unknown options, --help', () => {
  it('exits 2 with the usage on stderr when no command is given', () => {
    const result = serviceC();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^service-c: a command is needed\nusage:\n {2}service-c compare/);
  });

  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(serviceC('--version')).toEqual({ code: 0, stdout: `service-c ${version}\n`, stderr: '' });
  });

  it('suggests the nearest option of the command', () => {
    expect(serviceC('run', '--db', 'x.duckdb', '--max-row', '3')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "service-c: run has no option '--max-row': did you mean --max-rows? (service-c run --help lists them)\n",
    });
    expect(serviceC('compare', '--refrence', 'a.json').stderr).toBe(
      "service-c: compare has no option '--refrence': did you mean --reference? (service-c compare --help lists them)\n",
    );
    expect(serviceC('serve', '--db', 'x', '--zzz').stderr).toBe(
      "service-c: serve has no option '--zzz' (service-c serve --help lists them)\n",
    );
  });

  it('lists --engine only under the commands that take it', () => {
    expect(serviceC('compare', '--help').stdout).not.toContain('--engine');
    expect(serviceC('worker', '--help').stdout).not.toContain('--engine');
    expect(serviceC('run', '--help').stdout).toContain('--engine picks the DuckDB engine');
  });
});
