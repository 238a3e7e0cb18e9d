import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunOutcome } from '../metrics/driftMetrics.js';
import { errorMessage } from '../util/errorMessage.js';
import { type Answer, type DashboardRoute, dashboardRouteOf } from './dashboardRoutes.js';
import { isAnsweredHost, isLoopbackAddress } from './loopbackHosts.js';
import type { MetricsSource } from './refreshingMetrics.js';

export interface LastRun {
  runId: string;
  outcome: RunOutcome;
  /** ISO 8601. */
  finishedAt: string;
}

export interface HealthReport {
  database: 'ok' | 'unreachable';
  /** Why the database cannot be used, when it cannot. */
  error?: string;
  lastRun: LastRun | null;
}

type Route = 'metrics' | 'healthz' | 'not_found' | 'method_not_allowed' | 'bad_request' | DashboardRoute;

/** Answers the dashboard's routes (the page at / and its JSON under /api/). */
export type DashboardHandler = (route: DashboardRoute) => Promise<Answer>;

const paths: Readonly<Record<string, Route>> = Object.freeze({
  '/metrics': 'metrics',
  '/healthz': 'healthz',
});

/** The route of a request; the dashboard's routes only when `dashboard` is on. */
export function routeOf(method: string | undefined, url: string | undefined, dashboard = false): Route {
  // A request target no URL can be made of (`http://[`) is the client's fault.
  if (!URL.canParse(url ?? '/', 'http://localhost')) return 'bad_request';
  const { pathname, searchParams } = new URL(url ?? '/', 'http://localhost');
  const route =
    paths[pathname] ?? (dashboard ? dashboardRouteOf(pathname, searchParams) : undefined) ?? 'not_found';
  if (route !== 'not_found' && method !== 'GET' && method !== 'HEAD') return 'method_not_allowed';
  return route;
}

/**
 * `/metrics` (the registry in Prometheus' text format) and `/healthz`, and with a dashboard handler the
 * dashboard at `/` and `/api/`; 404 elsewhere. Not listening yet. Listening on a loopback address, it
 * answers only requests for a loopback host name or one of `allowedHosts` (403 otherwise): a page of
 * another site cannot read it through DNS rebinding.
 */
export function createMetricsServer(
  registry: MetricsSource,
  health: () => Promise<HealthReport>,
  dashboard?: DashboardHandler,
  allowedHosts: readonly string[] = [],
): Server {
  const server = createServer((request, response) => {
    const bound = server.address();
    const loopback = typeof bound === 'object' && bound !== null && isLoopbackAddress(bound.address);
    if (loopback && !isAnsweredHost(request.headers.host, allowedHosts)) {
      const body = `host not allowed: ${request.headers.host} (serve --allow-host NAME answers it)\n`;
      return send(response, 403, 'text/plain; charset=utf-8', body);
    }
    respond(registry, health, dashboard, request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', `${errorMessage(error)}\n`);
    });
  });
  return server;
}

async function respond(
  registry: MetricsSource,
  health: () => Promise<HealthReport>,
  dashboard: DashboardHandler | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const route = routeOf(request.method, request.url, dashboard !== undefined);
  if (typeof route === 'object' && dashboard) {
    const { status, contentType, body } = await dashboard(route);
    return send(response, status, contentType, body, dashboardHeaders);
  }
  switch (route) {
    case 'metrics':
      return send(response, 200, registry.contentType, await registry.metrics());
    case 'healthz': {
      const report = await health().catch(
        (error: unknown): HealthReport => ({ database: 'unreachable', error: String(error), lastRun: null }),
      );
      const body = `${JSON.stringify(report)}\n`;
      return send(response, report.database === 'ok' ? 200 : 503, 'application/json', body);
    }
    case 'bad_request':
      return send(response, 400, 'text/plain; charset=utf-8', 'bad request: the target is not a URL\n');
    case 'method_not_allowed':
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    case 'not_found':
      return send(
        response,
        404,
        'text/plain; charset=utf-8',
        `not found: try /metrics${dashboard ? ', /healthz or /' : ' or /healthz'}\n`,
      );
  }
}

/**
 * The page runs only its own scripts and styles, and reads only its own server. 'wasm-unsafe-eval' lets it
 * compile WebAssembly (duckdb-wasm and the kernel, in the in-browser mode), and nothing else: no eval.
 */
const dashboardHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
});

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
  });
  response.end(body);
}

/** Listens on host:port (0 for any free port); rejects with the server's error, EADDRINUSE for a port in use. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, drops idle keep-alive connections (a scraper holds one open) and waits for the rest. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
