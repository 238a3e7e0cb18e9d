import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import { execute, METADATA_DDL, scratchFolder } from './support/platformDatabase.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
let folder: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  folder = scratchFolder();
});
afterAll(() => folder.cleanup());

function file(name: string, content: unknown): string {
  const path = folder.path(name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function serviceC(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(result: ReturnType<typeof serviceC>, message: string | RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

const reference = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
const current = Array.from({ length: 150 }, (_, i) => ((i * 53) % 97) + 10);

describe('service-c compare', () => {
  it('prints the same comparison as the API, as JSON', async () => {
    const result = serviceC(
      'compare',
      '--reference',
      file('r.json', reference),
      '--current',
      file('c.json', current),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(await compare(reference, current))));
  });

  it('passes --bins, --epsilon and --categorical through', async () => {
    const args = ['--reference', file('r.json', reference), '--current', file('c.json', current)];
    const result = serviceC('compare', ...args, '--bins', '4', '--epsilon', '0.001', '--categorical');
    expect(JSON.parse(result.stdout)).toEqual(
      JSON.parse(
        JSON.stringify(await compare(reference, current, { bins: 4, epsilon: 0.001, categorical: true })),
      ),
    );
  });

  it('exits 2 with one line for a file that is not a JSON array', () => {
    expectOneLineError(
      serviceC('compare', '--reference', file('obj.json', { a: 1 }), '--current', file('c.json', current)),
      'service-c: the reference window is not an array',
    );
    expectOneLineError(
      serviceC('compare', '--reference', file('bad.json', '[1, 2'), '--current', file('c.json', current)),
      /bad\.json is not valid JSON/,
    );
  });

  it('exits 2 with one line for numbers mixed with strings without --categorical', () => {
    expectOneLineError(
      serviceC(
        'compare',
        '--reference',
        file('mixed.json', [1, 'a', 2]),
        '--current',
        file('c.json', current),
      ),
      /the reference window mixes numbers and strings; pass categorical \(--categorical\)/,
    );
  });

  it('exits 2 with one line for an empty window, a missing file or a bad flag', () => {
    expectOneLineError(
      serviceC('compare', '--reference', file('empty.json', []), '--current', file('c.json', current)),
      'service-c: the reference window is empty',
    );
    expectOneLineError(
      serviceC('compare', '--reference', folder.path('nope.json'), '--current', file('c.json', current)),
      /cannot read .*nope\.json: ENOENT/,
    );
    expectOneLineError(
      serviceC('compare', '--reference', 'x'),
      'compare needs --reference FILE and --current FILE',
    );
    expectOneLineError(
      serviceC(
        'compare',
        '--reference',
        file('r.json', reference),
        '--current',
        file('c.json', current),
        '--bins',
        'ten',
      ),
      "--bins expects an integer, got 'ten'",
    );
    expectOneLineError(serviceC('compare', '--frobnicate'), /Unknown option '--frobnicate'/);
    expectOneLineError(serviceC('frobnicate'), "unknown command 'frobnicate'");
  });
});

describe('service-c run', () => {
  it('prints a summary table of the run', async () => {
    const db = folder.path('platform.duckdb');
    await execute(
      db,
      METADATA_DDL,
      `CREATE TABLE feats AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
         (hash(i) % 1000)::DOUBLE AS x, CASE WHEN i >= 9500 THEN (hash(i) % 1000) + 500 ELSE hash(i) % 1000 END AS y
       FROM range(10000) t(i)`,
      `INSERT INTO model_metadata VALUES ('m', 'production', ['x', 'y'], 'feats', 'event_time')`,
    );
    const result = serviceC('run', '--db', db);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toMatch(/^model\s+status\s+score\s+performance\s+worst features$/);
    expect(row).toMatch(/^m\s+alert\s+\S+\s+-\s+y \(PSI \d+\.\d{3}, KS \d+\.\d{3}\), x \(PSI/);
    expect(result.stdout).toMatch(/run [0-9a-f-]{36}: success, 1 models in/);
    // The same table through duckdb-wasm; only the run line differs.
    const wasm = serviceC('run', '--db', db, '--engine', 'wasm');
    expect(wasm.code).toBe(0);
    const table = (stdout: string) => stdout.split('\n').filter((line) => !line.startsWith('run '));
    expect(table(wasm.stdout)).toEqual(table(result.stdout));
  });

  it('exits 2 with one line for a missing database', () => {
    expectOneLineError(
      serviceC('run', '--db', folder.path('missing.duckdb')),
      /database file not found: .*missing\.duckdb/,
    );
    expectOneLineError(serviceC('run'), 'run needs --db FILE');
    expectOneLineError(
      serviceC('run', '--db', folder.path('missing.duckdb'), '--engine', 'sqlite'),
      "--engine expects node or wasm, got 'sqlite'",
    );
  });
});
