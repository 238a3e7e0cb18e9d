import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { defaultRunOptions, defaultSchema, engineSettings } from '../../src/run/options.js';
import { answerDashboard } from '../../src/serve/dashboardRoutes.js';
import { closeServer, createMetricsServer, listen } from '../../src/serve/metricsServer.js';
import { StoreCache } from '../../src/serve/storeCache.js';

export interface DashboardServer {
  /** http://127.0.0.1:PORT */
  base: string;
  close(): Promise<void>;
}

/** The dashboard of a database on a loopback port, in this process: the page from dist/web/, no runs. */
export async function serveDashboard(database: string): Promise<DashboardServer> {
  const cache = new StoreCache({ database, settings: engineSettings(defaultRunOptions), maxEntries: 10 });
  const server: Server = createMetricsServer(
    new Registry(),
    async () => ({ database: 'ok', lastRun: null }),
    (route) =>
      answerDashboard(route, {
        cache,
        schema: defaultSchema,
        assets: new URL('../../dist/web/', import.meta.url),
      }),
  );
  const { port } = await listen(server, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      await cache.close();
    },
  };
}
