import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { RunOutcome } from '../metrics/driftMetrics.js';

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

type Route = 'metrics' | 'healthz' | 'not_found' | 'method_not_allowed';

const paths: Readonly<Record<string, Route>> = Object.freeze({
  '/metrics': 'metrics',
  '/healthz': 'healthz',
});

export function routeOf(method: string | undefined, url: string | undefined): Route {
  const route = paths[new URL(url ?? '/', 'http://localhost').pathname] ?? 'not_found';
  if (route !== 'not_found' && method !== 'GET' && method !== 'HEAD') return 'method_not_allowed';
  return route;
}

/** `/metrics` (the registry in Prometheus' text format) and `/healthz`; 404 elsewhere. Not listening yet. */
export function createMetricsServer(registry: Registry, health: () => Promise<HealthReport>): Server {
  return createServer((request, response) => {
    respond(registry, health, request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : error}\n`);
    });
  });
}

async function respond(
  registry: Registry,
  health: () => Promise<HealthReport>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  switch (routeOf(request.method, request.url)) {
    case 'metrics':
      return send(response, 200, registry.contentType, await registry.metrics());
    case 'healthz': {
      const report = await health().catch(
        (error: unknown): HealthReport => ({ database: 'unreachable', error: String(error), lastRun: null }),
      );
      const body = `${JSON.stringify(report)}\n`;
      return send(response, report.database === 'ok' ? 200 : 503, 'application/json', body);
    }
    case 'method_not_allowed':
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    case 'not_found':
      return send(response, 404, 'text/plain; charset=utf-8', 'not found: try /metrics or /healthz\n');
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
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
