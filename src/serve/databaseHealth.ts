import type { EngineSettings } from '../engine/engine.js';
import { withEngine } from '../engine/openEngine.js';
import { firstLine } from '../util/firstLine.js';
import type { HealthReport } from './metricsServer.js';

/** Whether the file opens and answers a query, through an engine closed before this returns. */
export async function databaseHealth(
  database: string,
  settings: EngineSettings,
): Promise<Pick<HealthReport, 'database' | 'error'>> {
  try {
    await withEngine(database, settings, (engine) => engine.run('SELECT 1'));
    return { database: 'ok' };
  } catch (error) {
    return { database: 'unreachable', error: firstLine(error) };
  }
}
