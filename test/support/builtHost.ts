import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const built = JSON.stringify(new URL('../../dist/index.js', import.meta.url).href);

/**
 * Runs `body`, an ES module's code that finds the built package as `serviceC`, in a Node process of its
 * own (a host embedding the package, as Service D does), with `args` as process.argv[2…]; killed after
 * `timeoutMs`, so that a hang fails a test instead of stalling the suite. The script is a file in
 * `folder`, not `-e`: the pool's worker threads inherit the host's flags, and --input-type fails them.
 */
export function runHost(
  path: string,
  body: string,
  args: readonly string[],
  { env = {}, timeoutMs = 180_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  writeFileSync(path, `const serviceC = await import(${built});\n${body}`);
  return spawnSync(process.execPath, [path, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
}
