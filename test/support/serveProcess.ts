import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

/** Polls until `probe` returns something other than undefined, or throws once the deadline has passed. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServeProcess {
  child: ChildProcess;
  /** http://host:port of the running server. */
  url: string;
  /** stderr so far. */
  stderr(): string;
  exited: Promise<Exit>;
  /** Sends SIGTERM and waits for the exit, or SIGKILL after the timeout. */
  stop(timeoutMs?: number): Promise<Exit>;
}

/** Which service-c a test runs: this checkout's dist/cli.js unless it names an installed one. */
export interface Installed {
  /** The cli.js to run. */
  cli?: string;
  /** The working directory: where the installed package's node_modules is. */
  cwd?: string;
}

/** `node dist/cli.js ...args`, its stderr collected. */
export function spawnServiceC(args: string[], env: NodeJS.ProcessEnv = process.env, where: Installed = {}) {
  const child = spawn(process.execPath, [where.cli ?? cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    cwd: where.cwd,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

/** `service-c serve` on a free loopback port (unless args say otherwise), once it says where it listens. */
export async function startServe(
  args: string[],
  env?: NodeJS.ProcessEnv,
  where?: Installed,
): Promise<ServeProcess> {
  const { child, stderr, exited } = spawnServiceC(['serve', '--port', '0', ...args], env, where);
  let ended: Exit | undefined;
  void exited.then((exit) => {
    ended = exit;
  });
  const stop = async (timeoutMs = 20_000) => {
    if (ended) return ended;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const address = await pollUntil('service-c serve to listen', () => {
      if (ended) throw new Error(`service-c serve exited (${ended.code ?? ended.signal}): ${stderr()}`);
      return /serving http:\/\/(\S+)\/metrics/.exec(stderr())?.[1];
    });
    return { child, url: `http://${address}`, stderr, exited, stop };
  } catch (error) {
    await stop(1000);
    throw error;
  }
}
