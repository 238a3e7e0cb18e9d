import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { freePort } from './freePort.js';
import { pollUntil } from './serveProcess.js';

const require = createRequire(import.meta.url);
const repo = new URL('../../', import.meta.url);

/** The runtimes' binaries, shipped inside their npm packages. */
export const denoBinary = require.resolve('deno/bin.cjs').replace(/bin\.cjs$/, 'deno');
export const bunBinary = require.resolve('bun/bin/bun.exe');

export interface Workerd {
  url: string;
  /** From the spawn to the first answer. */
  readyMs: number;
  /** The process' resident memory now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * The example Worker (examples/edge/cloudflare) bundled as wrangler would bundle it, its .wasm imports left
 * as modules of a workerd config, served by the `workerd` binary on a free loopback port.
 */
export async function startWorkerd(folder: { path: (name: string) => string }): Promise<Workerd> {
  await build({
    entryPoints: [new URL('examples/edge/cloudflare/worker.js', repo).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    external: ['*.wasm'],
    outfile: folder.path('worker.js'),
    logLevel: 'error',
  });
  const wasm: [name: string, file: string][] = [
    ['@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm')],
    ['service-c/kernel.wasm', new URL('build/kernel.wasm', repo).pathname],
    ...duckdbModuleFiles().map((file): [string, string] => [
      `workerd/${file}`,
      new URL(`dist/edge/workerd/${file}`, repo).pathname,
    ]),
  ];
  // workerd embeds only files below its config's folder.
  mkdirSync(folder.path('wasm'));
  for (const [i, [, file]] of wasm.entries()) symlinkSync(file, folder.path(`wasm/${i}.wasm`));
  const port = await freePort();
  const config = folder.path('config.capnp');
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
${wasm.map(([name], i) => `    (name = ${JSON.stringify(name)}, wasm = embed "wasm/${i}.wasm"),`).join('\n')}
  ],
  compatibilityDate = "2026-11-17",
);
`,
  );
  const started = performance.now();
  const child = spawn(require.resolve('workerd/bin/workerd'), ['serve', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killed);
  };
  try {
    await pollUntil(
      'workerd to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr.trim()}`);
        return fetch(url).then(
          (response) => response.status,
          () => undefined,
        );
      },
      { timeoutMs: 30_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, readyMs: performance.now() - started, rssMb: () => rssMb(child.pid), stop };
}

function duckdbModuleFiles(): string[] {
  return readdirSync(new URL('dist/edge/workerd/', repo)).sort();
}

function rssMb(pid: number | undefined): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}
