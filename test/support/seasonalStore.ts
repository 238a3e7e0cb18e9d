import { execute, literal, METADATA_DDL } from './platformDatabase.js';

/** The store's first row: a Monday, 00:00 UTC. */
export const START = Date.UTC(2026, 0, 5);
export const DAY_MS = 86_400_000;

// Deterministic pseudo-uniforms of the row number; three of them summed are near-normal (sd 0.5).
const u = (salt: number) => `((hash(i, ${salt}) % 1000003)::DOUBLE / 1000003)`;
const normal = (salt: number) => `(${u(salt)} + ${u(salt + 100)} + ${u(salt + 200)} - 1.5) * 2`;

export interface SeasonalStore {
  days: number;
  rowsPerHour: number;
  /** A shift added to `flat` in the last `driftHours` hours. */
  drift?: { hours: number; shift: number };
  /** Predictions and labels (every event labelled, binary). */
  events?: boolean;
}

/**
 * model_s over `days` days from START, `rowsPerHour` rows an hour: `daily` follows the hour of the day,
 * `weekly` is larger at weekends, `flat` and `other` are noise, `channel` is a categorical whose mix follows
 * the hour of the day; no prediction. Its reference is pinned to the first 28 days.
 */
export async function seasonalStore(db: string, store: SeasonalStore): Promise<void> {
  const rows = store.days * 24 * store.rowsPerHour;
  const step = 3600 / store.rowsPerHour;
  const ts = `TIMESTAMP '2026-01-05' + to_microseconds((i * ${step * 1e6})::BIGINT)`;
  const driftFrom = store.drift ? rows - store.drift.hours * store.rowsPerHour : rows;
  const shift = store.drift?.shift ?? 0;
  await execute(
    db,
    METADATA_DDL,
    'ALTER TABLE model_metadata ADD COLUMN baseline_from TIMESTAMP',
    'ALTER TABLE model_metadata ADD COLUMN baseline_to TIMESTAMP',
    `CREATE TABLE features_s AS SELECT ts AS event_time,
       10 + 3 * sin(2 * pi() * hour(ts) / 24) + ${normal(1)} AS daily,
       5 + CASE WHEN isodow(ts) >= 6 THEN 2 ELSE 0 END + ${normal(2)} AS weekly,
       ${normal(3)} + CASE WHEN i >= ${driftFrom} THEN ${shift} ELSE 0 END AS flat,
       ${normal(4)} AS other,
       CASE WHEN ${u(5)} < 0.3 + 0.25 * sin(2 * pi() * hour(ts) / 24) THEN 'ios'
            WHEN ${u(6)} < 0.5 THEN 'web' ELSE 'android' END AS channel
     FROM (SELECT i, ${ts} AS ts FROM range(${rows}) t(i))`,
    `INSERT INTO model_metadata VALUES ('model_s', 'production',
       ['daily', 'weekly', 'flat', 'other', 'channel'], 'features_s', 'event_time',
       TIMESTAMP '2026-01-05', TIMESTAMP '2026-01-05' + INTERVAL 28 DAY)`,
    ...(store.events
      ? [
          `CREATE TABLE model_events AS SELECT 'model_s' AS model_name, ${ts} AS event_time,
             ${u(7)} AS prediction, CASE WHEN ${u(8)} < ${u(7)} THEN 1 ELSE 0 END AS label
           FROM range(${rows}) t(i)`,
        ]
      : []),
  );
}

/** The end of the store's last hour: a run at this time compares that hour. */
export const storeEnd = (days: number) => new Date(START + days * DAY_MS);

export const hourly = { kind: 'time', bucketMs: 3_600_000, historicalFrom: 0.5, historicalTo: 0.7 } as const;

export { literal };
