import type { Server } from 'node:http';
import { connect, createServer } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDuration } from '../src/cli/parseDuration.js';
import { UsageError } from '../src/cli/usageError.js';
import { createDriftMetrics } from '../src/metrics/driftMetrics.js';
import { defaultRunOptions, engineSettings } from '../src/run/options.js';
import { databaseHealth } from '../src/serve/databaseHealth.js';
import { closeServer, createMetricsServer, type HealthReport, listen } from '../src/serve/metricsServer.js';
import { nextSlot } from '../src/serve/runScheduler.js';
import { StoreCache } from '../src/serve/storeCache.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { query, scratchDatabasePerTest } from './support/platformDatabase.js';
import { pollUntil, type ServeProcess, spawnServiceC, startServe } from './support/serveProcess.js';

const scratch = scratchDatabasePerTest();

const limits = engineSettings(defaultRunOptions);

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(['30s', '15m', '1h', '1d', ' 2h '].map((text) => parseDuration('--every', text))).toEqual([
      30_000, 900_000, 3_600_000, 86_400_000, 7_200_000,
    ]);
  });

  it('says what it expects of anything else', () => {
    for (const text of ['banana', '', '0s', '1.5h', '-1h', '10', '1w', '1h30m']) {
      expect(() => parseDuration('--every', text), text).toThrow(
        new UsageError(`--every expects a duration like 30s, 15m, 1h or 1d, got '${text}'`),
      );
    }
    expect(() => parseDuration('--every', '25d')).toThrow("--every can be at most 24d, got '25d'");
  });
});

describe('nextSlot', () => {
  it('is the first slot of the schedule after now, skipping the slots a long run missed', () => {
    expect(nextSlot(1000, 100, 1000)).toBe(1100);
    expect(nextSlot(1000, 100, 1099)).toBe(1100);
    expect(nextSlot(1000, 100, 1100)).toBe(1200);
    expect(nextSlot(1000, 100, 1350)).toBe(1400);
  });
});

describe('the metrics server', () => {
  let server: Server;
  let base: string;
  let registry: Registry;
  let health: () => Promise<HealthReport>;
  beforeEach(async () => {
    registry = new Registry();
    health = async () => ({ database: 'ok', lastRun: null });
    server = createMetricsServer(registry, () => health());
    const address = await listen(server, 0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterEach(() => closeServer(server));

  it('serves the registry in the Prometheus text format on /metrics', async () => {
    const metrics = createDriftMetrics(registry);
    metrics.recordRun({ outcome: 'success', durationSeconds: 2, finishedAt: new Date(1_700_000_000_000) });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toBe(await registry.metrics());
    expect(body).toContain('# TYPE drift_runs_total counter');
    expect(body).toContain('drift_runs_total{outcome="success"} 1');
    expect(body).toContain('drift_last_success_timestamp_seconds 1700000000');
  });

  it('answers /healthz with 200 when the database opens, 503 when it does not', async () => {
    await createDriftPlatform(scratch.db);
    let database = scratch.db;
    const lastRun = { runId: 'r1', outcome: 'success' as const, finishedAt: '2026-01-01T00:00:00.000Z' };
    const caches = new Map<string, StoreCache>();
    const cacheOf = (path: string) => {
      const cache = caches.get(path) ?? new StoreCache({ database: path, settings: limits, maxEntries: 10 });
      caches.set(path, cache);
      return cache;
    };
    health = async () => ({ ...(await databaseHealth(cacheOf(database))), lastRun });
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ database: 'ok', lastRun });

    database = scratch.folder.path('missing.duckdb');
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      database: 'unreachable',
      error: `database file not found: ${database}`,
      lastRun,
    });
    for (const cache of caches.values()) await cache.close();
  });

  it('answers 503 when the health check itself fails', async () => {
    health = () => Promise.reject(new Error('boom'));
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ database: 'unreachable', lastRun: null });
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    for (const path of ['/', '/metrics/x', '/health', '/favicon.ico']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('service-c serve on bad input', () => {
  const exitOf = async (args: string[]) => {
    const child = spawnServiceC(args);
    const timer = setTimeout(() => child.child.kill('SIGKILL'), 20_000);
    const exit = await child.exited;
    clearTimeout(timer);
    return { ...exit, lines: child.stderr().trimEnd().split('\n') };
  };

  it('exits 2 with one line when the port is in use', async () => {
    await createDriftPlatform(scratch.db);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const result = await exitOf(['serve', '--db', scratch.db, '--port', String(port)]);
      expect(result).toEqual({
        code: 2,
        signal: null,
        lines: [`service-c: port ${port} on 127.0.0.1 is already in use`],
      });
    } finally {
      holder.close();
    }
  });

  it('exits 2 with one line for a malformed schedule, port or a missing database', async () => {
    await createDriftPlatform(scratch.db);
    expect(await exitOf(['serve', '--db', scratch.db, '--every', 'banana'])).toEqual({
      code: 2,
      signal: null,
      lines: ["service-c: --every expects a duration like 30s, 15m, 1h or 1d, got 'banana'"],
    });
    expect(await exitOf(['serve', '--db', scratch.db, '--port', '70000'])).toMatchObject({
      code: 2,
      lines: ['service-c: --port must be between 0 and 65535, got 70000'],
    });
    expect(await exitOf(['serve'])).toMatchObject({
      code: 2,
      lines: ['service-c: serve needs --db FILE (or database in its --config FILE)'],
    });
    const missing = scratch.folder.path('missing.duckdb');
    expect(await exitOf(['serve', '--db', missing])).toMatchObject({
      code: 2,
      lines: [`service-c: database file not found: ${missing}`],
    });
  });
});

describe('service-c serve --every', () => {
  let serve: ServeProcess | undefined;
  afterEach(async () => {
    await serve?.stop(2000);
  });

  it('warns and carries on when the Redis of REDIS_URL cannot be reached', async () => {
    await createDriftPlatform(scratch.db);
    // Port 1 on loopback refuses at once; the publisher still waits out its retry budget per result.
    serve = await startServe(['--db', scratch.db, '--every', '1h'], {
      ...process.env,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    await pollUntil('the run to end', () => /run \S+ (success|failed)/.exec(serve?.stderr() ?? '')?.[1], {
      timeoutMs: 30_000,
    });
    expect(serve.stderr()).toMatch(/run \S+ success: 1 models/);
    expect(serve.stderr()).toMatch(/^service-c: warning: .*Redis at 127\.0\.0\.1:1/m);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/^drift_model_status\{model="model_a"\} 2$/m);
    expect(await serve.stop()).toEqual({ code: 0, signal: null });
  });

  it('runs and answers through duckdb-wasm with --engine wasm', async () => {
    await createDriftPlatform(scratch.db);
    serve = await startServe(['--db', scratch.db, '--every', '1h', '--engine', 'wasm']);
    await pollUntil('the run to end', () => /run \S+ (success|failed)/.exec(serve?.stderr() ?? '')?.[1], {
      timeoutMs: 30_000,
    });
    expect(serve.stderr()).toMatch(/run \S+ success: 1 models/);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/^drift_model_status\{model="model_a"\} 2$/m);
    const health = await fetch(`${serve.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await serve.stop()).toEqual({ code: 0, signal: null });
    expect(await query(scratch.db, `SELECT drift_status FROM model_metadata`)).toEqual([
      { drift_status: 'alert' },
    ]);
  });

  it('exits 0 on SIGTERM during a run, with every model written whole or not at all', async () => {
    const models = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `model_${String(i).padStart(2, '0')}`,
        ['clean', 'shifted', 'channel'],
      ]),
    );
    await createDriftPlatform(scratch.db, { rows: 1_000_000, models, events: false });
    serve = await startServe(['--db', scratch.db, '--every', '1h']);
    const { url } = serve;
    // Two models committed: the run is under way, and far from its end.
    await pollUntil(
      'two models in /metrics',
      async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        return (text.match(/^drift_model_status\{/gm) ?? []).length >= 2 || undefined;
      },
      { intervalMs: 20 },
    );
    const signalled = performance.now();
    const exit = await serve.stop();
    const shutdownMs = performance.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(serve.stderr()).toMatch(/run \S+ cancelled: \d+ models/);
    console.info(`SIGTERM to exit: ${shutdownMs.toFixed(0)} ms`);

    const rows = await query(
      scratch.db,
      `SELECT model_name, count(*) FILTER (target = 'feature')::INTEGER AS features,
              count(*) FILTER (target = 'model')::INTEGER AS own, count(DISTINCT run_id)::INTEGER AS runs
       FROM drift_results GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThan(20);
    for (const row of rows) expect(row).toMatchObject({ features: 3, own: 1, runs: 1 });
    const updated = await query(
      scratch.db,
      `SELECT model_name FROM model_metadata WHERE drift_status IS NOT NULL ORDER BY ALL`,
    );
    expect(updated.map((r) => r.model_name)).toEqual(rows.map((r) => r.model_name));
  });
});

describe('the metrics server on loopback, to any request target and Host', () => {
  let server: Server;
  let port: number;
  beforeEach(async () => {
    server = createMetricsServer(new Registry(), async () => ({ database: 'ok', lastRun: null }), undefined, [
      'drift.internal',
    ]);
    port = (await listen(server, 0, '127.0.0.1')).port;
  });
  afterEach(() => closeServer(server));

  /** The status line of one raw request: fetch would neither send such a target nor another Host. */
  const statusOf = (target: string, host: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
      );
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });

  it('answers 400 to a request target that is no URL', async () => {
    expect(await statusOf('http://[', 'localhost')).toBe('HTTP/1.1 400 Bad Request');
  });

  it('answers loopback host names and the allowed ones, and 403 to any other (DNS rebinding)', async () => {
    for (const host of [
      'localhost',
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      '[::1]',
      'a.localhost',
      'Drift.Internal:80',
    ]) {
      expect(await statusOf('/healthz', host), host).toBe('HTTP/1.1 200 OK');
    }
    for (const host of [
      'attacker.example',
      `attacker.example:${port}`,
      '10.0.0.1',
      'localhost.attacker.example',
    ]) {
      expect(await statusOf('/healthz', host), host).toBe('HTTP/1.1 403 Forbidden');
    }
  });
});
