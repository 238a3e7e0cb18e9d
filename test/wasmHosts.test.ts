// duckdb-wasm instances handed from a closed wasm engine to the next open (a start costs seconds of CPU):
// the next database sees nothing of the last, two open engines never share one, and an idle one lets the
// process end.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AsyncDuckDB } from '@duckdb/duckdb-wasm';
import { describe, expect, it } from 'vitest';
import { openWasmEngine } from '../src/engine/openWasmEngine.js';
import { type WasmHost, WasmHosts } from '../src/engine/wasmHosts.js';
import { execute, query, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

/** Hosts that note each one they hand out. */
function notedHosts(maxIdle?: number): { hosts: WasmHosts; taken: WasmHost[] } {
  const hosts = new WasmHosts(30_000, maxIdle);
  const taken: WasmHost[] = [];
  const take = hosts.take.bind(hosts);
  hosts.take = async () => {
    const host = await take();
    taken.push(host);
    return host;
  };
  return { hosts, taken };
}

describe('duckdb-wasm hosts', () => {
  it("give a closed engine's instance to the next open, whose database holds only its own file", async () => {
    const [a, b] = [scratch.folder.path('a.duckdb'), scratch.folder.path('b.duckdb')];
    await execute(a, 'CREATE TABLE only_a AS SELECT 1 AS x');
    await execute(b, 'CREATE TABLE only_b AS SELECT 2 AS y');
    const { hosts, taken } = notedHosts();
    const tables = 'SELECT table_name FROM information_schema.tables ORDER BY ALL';
    const first = await openWasmEngine(a, hosts);
    expect(await first.rows(tables)).toEqual([['only_a']]);
    await first.run('INSERT INTO only_a VALUES (3)');
    await first.close();
    // While it idles it holds neither the file's bytes nor the database made of them.
    expect(await (taken[0]?.db as AsyncDuckDB | undefined)?.globFiles('database.duckdb*')).toEqual([]);
    const second = await openWasmEngine(b, hosts);
    expect(await second.rows(tables)).toEqual([['only_b']]);
    await second.run('INSERT INTO only_b VALUES (4)');
    await second.close();
    expect(taken[1]).toBe(taken[0]);
    // Each write went to its own file.
    expect(await query(a, 'SELECT x FROM only_a ORDER BY x')).toEqual([{ x: 1 }, { x: 3 }]);
    expect(await query(b, 'SELECT y FROM only_b ORDER BY y')).toEqual([{ y: 2 }, { y: 4 }]);
  });

  it('give engines open at once an instance each, and keep at most maxIdle of them', async () => {
    await execute(scratch.db, 'CREATE TABLE t AS SELECT 1 AS x');
    const { hosts, taken } = notedHosts(1);
    const both = await Promise.all([openWasmEngine(scratch.db, hosts), openWasmEngine(scratch.db, hosts)]);
    expect(taken[1]).not.toBe(taken[0]);
    for (const engine of both) await engine.close();
    const next = await Promise.all([openWasmEngine(scratch.db, hosts), openWasmEngine(scratch.db, hosts)]);
    for (const engine of next) await engine.close();
    // One of the first two was kept (the last given back), the other ended; the fourth is new.
    expect(taken.slice(2).filter((host) => taken.slice(0, 2).includes(host))).toHaveLength(1);
  });

  it('let the process end while an instance idles', async () => {
    await execute(scratch.db, 'CREATE TABLE t AS SELECT 1 AS x');
    // The compiled engine, as an installed package runs it; the idle instance would wait 30 s. A script file,
    // not --input-type=module: worker threads inherit that flag, and duckdb-wasm's thread is CommonJS.
    const script = scratch.folder.path('openAndClose.mjs');
    const engineModule = new URL('../dist/engine/openWasmEngine.js', import.meta.url).href;
    writeFileSync(
      script,
      `import { openWasmEngine } from ${JSON.stringify(engineModule)};
       const engine = await openWasmEngine(process.argv[2]);
       await engine.close();
       const closed = performance.now();
       process.on('exit', () => console.log(Math.round(performance.now() - closed)));`,
    );
    const child = spawn(process.execPath, [script, scratch.db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(Number(out.trim())).toBeLessThan(5_000);
  });
});
