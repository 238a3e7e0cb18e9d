// service-c/edge: the example Worker in the workerd binary (start, first request, warm requests, memory), the
// Deno and Bun examples end to end (one process each: start, duckdb-wasm's start, one analysis), and what a
// Worker uploads. One measurement per figure unless it says "median": the machine is shared, so absolute
// times are noisy.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { driftCsv } from '../test/support/driftCsv.js';
import { bunBinary, denoBinary, startWorkerd } from '../test/support/edgeRuntimes.js';
import { scratchFolder } from '../test/support/platformDatabase.js';

const rows = 3_000;
const warmRequests = 5;
const require = createRequire(import.meta.url);
const run = promisify(execFile);

export async function edgeBench(): Promise<void> {
  const folder = scratchFolder();
  try {
    const csv = folder.path('drift.csv');
    writeFileSync(csv, driftCsv(rows));
    const lines: string[] = [];
    const timed = async (what: string, work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      lines.push(`${what}: ${Math.round(performance.now() - started)} ms`);
    };
    const workerd = await startWorkerd(folder);
    try {
      lines.push(`workerd: start until the Worker answers: ${Math.round(workerd.readyMs)} ms`);
      const post = async () => {
        const response = await fetch(`${workerd.url}/?name=drift.csv`, {
          method: 'POST',
          body: readFileSync(csv),
        });
        if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}`);
        await response.json();
      };
      await timed('workerd: first request (duckdb-wasm starts)', post);
      const warm: number[] = [];
      for (let i = 0; i < warmRequests; i++) {
        const started = performance.now();
        await post();
        warm.push(performance.now() - started);
      }
      warm.sort((a, b) => a - b);
      lines.push(
        `workerd: warm request, median of ${warmRequests}: ${Math.round(warm[warm.length >> 1] ?? 0)} ms`,
      );
      lines.push(`workerd: resident memory after them: ${Math.round(workerd.rssMb())} MB`);
    } finally {
      await workerd.stop();
    }
    const example = (name: string) => new URL(`../examples/edge/${name}`, import.meta.url).pathname;
    await timed('Deno: the example, one process', () =>
      run(denoBinary, ['run', '--allow-read', example('deno.ts'), csv]),
    );
    await timed('Bun: the example, one process', () => run(bunBinary, [example('bun.ts'), csv]));
    const size = (file: string) => {
      const bytes = readFileSync(file);
      return `${(bytes.length / 1e6).toFixed(2)} MB (${(gzipSync(bytes).length / 1e6).toFixed(2)} MB gzipped)`;
    };
    lines.push(`Worker upload: worker.js ${size(folder.path('worker.js'))}`);
    lines.push(
      `Worker upload: duckdb-eh.wasm ${size(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'))}`,
    );
    console.log(`\nEdge runtimes: a ${rows.toLocaleString('en-US')}-row CSV`);
    for (const line of lines) console.log(`  ${line}`);
  } finally {
    folder.cleanup();
  }
}
