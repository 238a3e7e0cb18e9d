import { type ChildProcess, spawn } from 'node:child_process';
import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import { freePort } from './freePort.js';
import { pollUntil } from './serveProcess.js';

export interface OwnRedis {
  /** redis://127.0.0.1:PORT, or rediss:// with `tls`. */
  url: string;
  port: number;
  /** Stops it (SIGKILL: nothing is saved, as a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (it keeps nothing on disk). */
  restart(): Promise<void>;
}

/**
 * A redis-server of a test's own on a free loopback port, keeping nothing on disk (`--save ""`, no AOF),
 * with more arguments (`--maxmemory-policy ...`); with `tls`, it listens for TLS only with that certificate.
 * Never the shared Redis: a test may kill this one.
 */
export async function startOwnRedis(
  args: readonly string[] = [],
  tls?: { cert: string; key: string; ca: string },
): Promise<OwnRedis> {
  const port = await freePort();
  const listen = tls
    ? ['--port', '0', '--tls-port', `${port}`, '--tls-cert-file', tls.cert, '--tls-key-file', tls.key]
    : ['--port', `${port}`];
  const argv = [
    ...listen,
    ...(tls ? ['--tls-auth-clients', 'no'] : []),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    ...args,
  ];
  const url = `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  const clientTls: ConnectionOptions | undefined = tls ? { ca: tls.ca } : undefined;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', argv, { stdio: 'ignore' });
    await pollUntil(`the Redis on port ${port} to answer`, async () => {
      const client = new Redis(url, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        ...(clientTls ? { tls: clientTls } : {}),
      });
      client.on('error', () => {});
      const pong = await client.connect().then(
        () => client.ping(),
        () => undefined,
      );
      client.disconnect();
      return pong === 'PONG' ? true : undefined;
    });
  };
  const kill = async () => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, port, kill, restart: start };
}
