// A lighter install (issue 20, item 7): bullmq, duckdb-wasm and apache-arrow are optional peer dependencies.
// The package as `npm pack` makes it, installed beside every dependency of this checkout but those three:
// what a consumer who installs none of them gets.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPart, MissingPeerError, partPeers, peerVersions } from '../src/util/optionalPeers.js';
import { scratchFolder } from './support/platformDatabase.js';
import { QUEUE_ENV, REDIS_URL } from './support/queue.js';
import { startServe } from './support/serveProcess.js';

const root = new URL('..', import.meta.url).pathname;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const peers = Object.keys(peerVersions);

let folder: ReturnType<typeof scratchFolder>;
let cli: string;

/** This checkout's node_modules in `target`, as symlinks, without the optional peers and service-c. */
function linkDependenciesButPeers(target: string, source = join(root, 'node_modules'), scope = '') {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source)) {
    const full = scope === '' ? name : `${scope}/${name}`;
    if (name.startsWith('.') || full === 'service-c' || peers.includes(full)) continue;
    if (scope === '' && name.startsWith('@'))
      linkDependenciesButPeers(join(target, name), join(source, name), name);
    else symlinkSync(join(source, name), join(target, name), 'dir');
  }
}

/** `node ...args` in the consumer's folder. */
function node(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: folder.path(''), encoding: 'utf8', env });
  return { code: result.status, out: `${result.stdout}${result.stderr}`, stderr: result.stderr };
}

const serviceC = (args: string[], env?: NodeJS.ProcessEnv) => node([cli, ...args], env);

beforeAll(() => {
  folder = scratchFolder();
  const packed = spawnSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', folder.path('')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(packed.status, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const installed = folder.path('node_modules/service-c');
  mkdirSync(installed, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', folder.path(filename), '-C', installed, '--strip-components=1']);
  expect(untar.status, String(untar.stderr)).toBe(0);
  linkDependenciesButPeers(folder.path('node_modules'));
  cli = join(installed, 'dist/cli.js');
  // A local run needs none of them: the demo, whose database the runs below read.
  const demo = serviceC(['demo', '--db', 'demo.duckdb', '--max-rows', '2000', '--threads', '1']);
  expect(demo.code, demo.out).toBe(0);
  expect(demo.out).toMatch(/success, 3 models/);
});
afterAll(() => folder?.cleanup());

describe('service-c installed without its optional peers', () => {
  it('really has none of them (or the tests below would prove nothing)', () => {
    for (const peer of peers) {
      const probe = node(['--input-type=module', '-e', `await import(${JSON.stringify(peer)})`]);
      expect(probe.code, peer).not.toBe(0);
      expect(probe.out).toContain(`Cannot find package '${peer}'`);
    }
  });

  it('imports service-c and service-c/events', () => {
    const script = [
      "const { startServiceC, compare } = await import('service-c');",
      "const { parseDriftEvent } = await import('service-c/events');",
      'process.stdout.write([startServiceC, compare, parseDriftEvent].map((f) => typeof f).join());',
    ].join('\n');
    const imported = node(['--input-type=module', '-e', script]);
    expect(imported.out).toBe('function,function,function');
  });

  it("type-checks a consumer's import of both entries, declaration files included", () => {
    const consumer = [
      "import { type WasmTable, startServiceC } from 'service-c';",
      "import { parseDriftEvent } from 'service-c/events';",
      "export const run = startServiceC({ database: 'x.duckdb' });",
      'export const parse = parseDriftEvent;',
      'export type Result = WasmTable;',
    ].join('\n');
    writeFileSync(folder.path('consumer.ts'), consumer);
    const options = { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] };
    writeFileSync(
      folder.path('tsconfig.json'),
      JSON.stringify({ compilerOptions: options, files: ['consumer.ts'] }),
    );
    const checked = node(['node_modules/typescript/bin/tsc', '-p', '.']);
    expect(checked.out).toBe('');
    expect(checked.code).toBe(0);
  });

  it('says in one line what the queue needs, for a queue run and for a worker', () => {
    const line = `service-c: the queue needs bullmq: npm install bullmq@${packageJson.devDependencies.bullmq}\n`;
    const run = serviceC(['run', '--db', 'demo.duckdb', '--queue', REDIS_URL], QUEUE_ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(line);
    const worker = serviceC(['worker', '--queue', REDIS_URL, '--db', 'demo.duckdb'], QUEUE_ENV);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toBe(line);
  });

  it('says in one line what the wasm engine needs', () => {
    const run = serviceC(['run', '--db', 'demo.duckdb', '--engine', 'wasm']);
    expect(run.code).toBe(2);
    const { devDependencies: dev } = packageJson;
    expect(run.stderr).toBe(
      'service-c: the wasm engine needs @duckdb/duckdb-wasm and apache-arrow: ' +
        `npm install @duckdb/duckdb-wasm@${dev['@duckdb/duckdb-wasm']} apache-arrow@${dev['apache-arrow']}\n`,
    );
  });

  it('serves the dashboard; only the in-browser mode files answer what to install', async () => {
    const serve = await startServe(['--db', 'demo.duckdb'], process.env, { cli, cwd: folder.path('') });
    try {
      expect((await fetch(`${serve.url}/api/models`)).status).toBe(200);
      const wasm = await fetch(`${serve.url}/duckdb/duckdb-eh.wasm`);
      expect(wasm.status).toBe(404);
      expect(await wasm.json()).toEqual({
        error: `the dashboard's in-browser mode needs @duckdb/duckdb-wasm: npm install @duckdb/duckdb-wasm@${packageJson.devDependencies['@duckdb/duckdb-wasm']}`,
      });
    } finally {
      await serve.stop();
    }
  });
});

describe('the optional peers', () => {
  it('are optional peer dependencies at the versions the messages give, and dev dependencies for the tests', () => {
    expect(packageJson.peerDependencies).toEqual(peerVersions);
    for (const peer of peers) {
      expect(packageJson.peerDependenciesMeta[peer], peer).toEqual({ optional: true });
      expect(packageJson.devDependencies[peer], peer).toBe(packageJson.peerDependencies[peer]);
      expect(packageJson.dependencies[peer], peer).toBeUndefined();
    }
    expect(new Set(Object.values(partPeers).flat())).toEqual(new Set(peers));
  });

  it('turn only a missing peer of the part into the message; any other failure is kept', async () => {
    const missing = (what: string) =>
      Object.assign(new Error(`Cannot find package '${what}' imported from /x.js`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    const error = await loadPart('the queue', () => Promise.reject(missing('bullmq'))).catch((e) => e);
    expect(error).toBeInstanceOf(MissingPeerError);
    expect(error.message).toBe('the queue needs bullmq: npm install bullmq@6.7.0');
    // A package whose name only starts like a peer's, a peer another part needs, an error of the part itself.
    for (const other of [missing('bullmq-otel'), missing('apache-arrow'), new Error("'bullmq' is broken")]) {
      await expect(loadPart('the queue', () => Promise.reject(other))).rejects.toBe(other);
    }
    await expect(loadPart('the queue', () => 42)).resolves.toBe(42);
  });
});
