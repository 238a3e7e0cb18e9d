import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { createDriftMetrics } from '../metrics/driftMetrics.js';
import { thresholdsOf } from '../publish/thresholds.js';
import { engineSettings } from '../run/options.js';
import { RunRegistry } from '../run/runRegistry.js';
import { startServiceC } from '../run/startServiceC.js';
import { answerDashboard, defaultAssets } from '../serve/dashboardRoutes.js';
import { databaseHealth } from '../serve/databaseHealth.js';
import { closeServer, createMetricsServer, type LastRun, listen } from '../serve/metricsServer.js';
import { refreshingMetrics } from '../serve/refreshingMetrics.js';
import { combineHooks, guardHooks } from '../serve/runHooks.js';
import { RunScheduler, type ScheduledRun } from '../serve/runScheduler.js';
import { StoreCache } from '../serve/storeCache.js';
import { firstLine } from '../util/firstLine.js';
import type { ConfiguredRun } from './configuredRun.js';
import { parseDuration } from './parseDuration.js';
import { redisPublishing } from './redisPublishing.js';
import { runConfiguration } from './runCommand.js';
import { numberArgument, UsageError } from './usageError.js';

export interface ServeOptions {
  database: string;
  port: number;
  host: string;
  /** The run schedule's period; null serves the metrics restored at start and never runs. */
  everyMs: number | null;
  /**
   * The runs' options (`--config FILE` and the flags: names, windows, thresholds, engine, queue), and the
   * Redis each run is published to too (--redis, REDIS_URL or the file's).
   */
  run: ConfiguredRun;
  /** Host names answered besides the loopback ones when listening on loopback (DNS rebinding). */
  allowedHosts: readonly string[];
}

export const defaultServeOptions = Object.freeze({
  port: 9464,
  host: '127.0.0.1',
  everyMs: null,
  allowedHosts: [],
});

export const serveFlags = {
  config: { type: 'string' },
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  every: { type: 'string' },
  redis: { type: 'string' },
  engine: { type: 'string' },
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
} as const;

export function parseServeArgs(
  args: string[],
  env: NodeJS.ProcessEnv,
  err: NodeJS.WritableStream = process.stderr,
): ServeOptions {
  const { values } = parseArgs({ args, options: serveFlags });
  const run = runConfiguration('serve', values, { err, env });
  const database = run.input.database as string;
  return {
    ...defaultServeOptions,
    database,
    ...(values.port === undefined ? {} : { port: portArgument(values.port) }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.every === undefined ? {} : { everyMs: parseDuration('--every', values.every) }),
    run,
    ...(values['allow-host'] === undefined ? {} : { allowedHosts: values['allow-host'] }),
  };
}

function portArgument(text: string): number {
  const port = numberArgument('--port', text, { integer: true });
  if (port < 0 || port > 65_535) throw new UsageError(`--port must be between 0 and 65535, got ${port}`);
  return port;
}

/**
 * How many answers are kept per version of the file. The engine is not kept between reads (an open costs
 * 0.3–1.8 s at platform scale): a cron run beside the dashboard would find the file locked.
 */
const storeCacheLimits = Object.freeze({ maxEntries: 2_000 });

interface Terminal {
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/**
 * `serve --db FILE`: /metrics and /healthz, and with --every a run on that schedule (the first at once).
 * Returns after SIGTERM or SIGINT, once the running run is cancelled and the server closed.
 */
export async function serveCommand(args: string[], { err, env }: Terminal): Promise<void> {
  const options = parseServeArgs(args, env, err);
  const shutdown = shutdownOnSignals();
  try {
    const { schema } = options.run.options;
    const limits = engineSettings(options.run.options);
    const redisUrl = options.run.redis;
    const registry = new Registry();
    const metrics = createDriftMetrics(registry);
    const cache = new StoreCache({ database: options.database, settings: limits, ...storeCacheLimits });
    // Runs of other processes (a cron `run`) reach /metrics too: the gauges follow the file.
    const source = refreshingMetrics(registry, metrics, cache, schema);
    await source.refresh();

    let lastRun: LastRun | null = null;
    const dashboard = { cache, schema, assets: defaultAssets };
    const server = createMetricsServer(
      source,
      async () => ({ ...(await databaseHealth(cache)), lastRun }),
      (route) => answerDashboard(route, dashboard),
      options.allowedHosts,
    );
    const address = await listenOrExplain(server, options);
    err.write(`service-c: serving http://${address}/metrics and /healthz, the dashboard at /\n`);

    const warn = (error: unknown) => err.write(`service-c: warning: ${firstLine(error)}\n`);
    const publisher =
      redisUrl === null
        ? null
        : await redisPublishing(redisUrl, {
            schema,
            registry,
            thresholds: thresholdsOf(options.run.options.compare, options.run.options.performance),
            log: warn,
          });
    const hooks = combineHooks(metrics.hooks, ...(publisher ? [guardHooks(publisher.hooks, warn)] : []));
    const onFinished = (run: ScheduledRun) => {
      metrics.recordRun(run);
      lastRun = { runId: run.runId, outcome: run.outcome, finishedAt: run.finishedAt.toISOString() };
      err.write(`service-c: ${describeRun(run)}\n`);
    };
    // This serve's runs, apart from any other caller's in the process.
    const runs = new RunRegistry();
    const scheduler =
      options.everyMs === null
        ? null
        : new RunScheduler(
            () =>
              startServiceC(
                {
                  ...options.run.input,
                  // Without Redis nothing will publish these results: queued, they would escape the retention.
                  outbox: redisUrl !== null,
                  ...hooks,
                },
                runs,
              ),
            options.everyMs,
            onFinished,
          );
    try {
      if (!shutdown.signal.aborted) scheduler?.start();
      await shutdown.requested;
      await scheduler?.stop();
    } finally {
      await closeServer(server);
      await cache.close();
      await publisher?.close();
    }
  } finally {
    shutdown.dispose();
  }
}

function shutdownOnSignals(): { signal: AbortSignal; requested: Promise<void>; dispose(): void } {
  const controller = new AbortController();
  const requested = new Promise<void>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve()),
  );
  const stop = () => {
    // A second signal gets the default action: it kills a shutdown that hangs.
    dispose();
    controller.abort();
  };
  const dispose = () => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { signal: controller.signal, requested, dispose };
}

async function listenOrExplain(server: Server, { port, host }: ServeOptions): Promise<string> {
  try {
    const address = await listen(server, port, host);
    return `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use`
        : `cannot listen on ${host}:${port}: ${code ?? firstLine(error)}`,
    );
  }
}

function describeRun(run: ScheduledRun): string {
  const seconds = run.durationSeconds.toFixed(1);
  return run.outcome === 'failed'
    ? `run ${run.runId} failed after ${seconds} s: ${firstLine(run.error)}`
    : `run ${run.runId} ${run.outcome}: ${run.models} models in ${seconds} s`;
}
