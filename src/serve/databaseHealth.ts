import { firstLine } from '../util/firstLine.js';
import type { HealthReport } from './metricsServer.js';
import type { StoreCache } from './storeCache.js';

/**
 * Whether the file opens and answers a query: asked once per version of the file (see StoreCache), so a
 * probe of an unchanged file costs a stat, not an open.
 */
export async function databaseHealth(cache: StoreCache): Promise<Pick<HealthReport, 'database' | 'error'>> {
  try {
    await cache.read('healthz', (engine) => engine.run('SELECT 1'));
    return { database: 'ok' };
  } catch (error) {
    return { database: 'unreachable', error: firstLine(error) };
  }
}
