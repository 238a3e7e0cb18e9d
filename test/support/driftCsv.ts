import { openEngine } from '../../src/engine/openEngine.js';
import { defaultRunOptions, defaultSchema, engineSettings } from '../../src/run/options.js';
import { importCsvModel } from '../../src/store/importCsv.js';
import { execute } from './platformDatabase.js';

/** A feature table as a CSV, rows out of time order: `amount` and `channel` drift in the newest 5%. */
export function driftCsv(rows: number): string {
  let seed = 42;
  const random = () => {
    // mulberry32: the same numbers on every run.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const newest = Math.floor(rows * 0.95);
  const lines = Array.from({ length: rows }, (_, i) => {
    const drifted = i >= newest;
    const time = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19);
    const amount = random() * 100 + (drifted ? 35 : 0);
    const latency = -Math.log(1 - random()) * 20;
    const clicks = Math.floor(random() * 12);
    const channel = drifted && random() < 0.6 ? 'ios' : random() < 0.5 ? 'web' : 'android';
    return { key: random(), line: [amount, time, latency, clicks, channel].join(',') };
  });
  lines.sort((a, b) => a.key - b.key);
  return ['amount,event_time,latency_ms,clicks,channel', ...lines.map((l) => l.line)].join('\n');
}

/** A DuckDB file holding a CSV as one production model's feature table, as the edge and the page read it. */
export async function csvDatabase(csv: string, database: string, model: string): Promise<void> {
  await execute(database);
  const engine = await openEngine(database, engineSettings(defaultRunOptions));
  try {
    await importCsvModel(engine, csv, model, defaultSchema);
  } finally {
    await engine.close();
  }
}
