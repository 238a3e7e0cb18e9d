import { openStore, type StoreLimits } from '../store/openStore.js';
import { firstLine } from '../util/firstLine.js';
import type { HealthReport } from './metricsServer.js';

/** Whether the file opens and answers a query, through a connection closed before this returns. */
export async function databaseHealth(
  database: string,
  limits: StoreLimits,
): Promise<Pick<HealthReport, 'database' | 'error'>> {
  try {
    const store = await openStore(database, limits);
    try {
      await store.connection.run('SELECT 1');
    } finally {
      store.close();
    }
    return { database: 'ok' };
  } catch (error) {
    return { database: 'unreachable', error: firstLine(error) };
  }
}
