import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase, type DemoManifest } from '../src/demo/createDemoDatabase.js';

// Large enough that the clean features' window means are 3 standard errors inside the 0.05 std bound.
const largestTableRows = 100_000;

type Row = Record<string, unknown>;

interface Feature {
  model: string;
  table: string;
  timestampColumn: string;
  feature: string;
  type: string;
}

async function withDatabase<T>(path: string, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Where the worker looks: the 50–70% slice by timestamp rank against the newest 5% (or another slice). */
function windowsSql(
  table: string,
  timestampColumn: string,
  value: string,
  where: string,
  from = 0.95,
  to = 1,
) {
  return `WITH ranked AS (
      SELECT ${value} AS v, row_number() OVER (ORDER BY ${quote(timestampColumn)}) - 1 AS rank,
             count(*) OVER () AS n
      FROM ${quote(table)} ${where})
    SELECT v, CASE WHEN rank >= ${from} * n AND rank < ${to} * n THEN 'current' ELSE 'reference' END AS w
    FROM ranked WHERE (rank >= ${from} * n AND rank < ${to} * n) OR (rank >= 0.5 * n AND rank < 0.7 * n)`;
}

describe('createDemoDatabase', () => {
  let dir: string;
  let manifest: DemoManifest;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let features: Feature[];

  const query = async (sql: string): Promise<Row[]> =>
    (await connection.runAndReadAll(sql)).getRowObjectsJson();

  /** For a numeric window pair: the shift of the mean and the relative change of the std, in reference stds. */
  async function numericShift(windows: string) {
    const [row] = await query(`WITH w AS (${windows}), s AS (
        SELECT avg(v) FILTER (w = 'reference') AS m0, stddev_pop(v) FILTER (w = 'reference') AS s0,
               avg(v) FILTER (w = 'current') AS m1, stddev_pop(v) FILTER (w = 'current') AS s1
        FROM w WHERE v IS NOT NULL AND NOT isnan(v))
      SELECT abs(m1 - m0) / s0 AS mean_shift, abs(s1 / s0 - 1) AS scale_change FROM s`);
    return { mean: Number(row?.mean_shift), scale: Number(row?.scale_change) };
  }

  /** For a categorical window pair: the largest difference of one level's share, NULL being a level. */
  async function shareShift(windows: string) {
    const [row] = await query(`WITH w AS (${windows}), shares AS (
        SELECT w, v, count(*) / sum(count(*)) OVER (PARTITION BY w) AS share FROM w GROUP BY w, v)
      SELECT max(abs(coalesce(c.share, 0) - coalesce(r.share, 0))) AS shift
      FROM (SELECT * FROM shares WHERE w = 'current') c
      FULL JOIN (SELECT * FROM shares WHERE w = 'reference') r ON c.v IS NOT DISTINCT FROM r.v`);
    return Number(row?.shift);
  }

  function featureWindows(f: Feature, from?: number, to?: number) {
    return windowsSql(f.table, f.timestampColumn, quote(f.feature), '', from, to);
  }

  function featureOf(model: string, feature: string): Feature {
    const found = features.find((f) => f.model === model && f.feature === feature);
    if (!found) throw new Error(`${model}.${feature} is not in model_metadata`);
    return found;
  }

  async function tableRows(table: string): Promise<number> {
    const [row] = await query(`SELECT count(*)::INTEGER AS n FROM ${quote(table)}`);
    return Number(row?.n);
  }

  async function largestModel(): Promise<string> {
    for (const f of features) {
      if ((await tableRows(f.table)) === largestTableRows) return f.model;
    }
    throw new Error('no feature table has largestTableRows rows');
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'service-c-demo-'));
    const path = join(dir, 'demo.duckdb');
    manifest = await createDemoDatabase(path, { largestTableRows });
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
    features = (
      await query(`WITH f AS (
          SELECT model_name, feature_table, timestamp_column, unnest(features) AS feature FROM model_metadata)
        SELECT f.*, c.data_type FROM f
        LEFT JOIN duckdb_columns() c ON c.table_name = f.feature_table AND c.column_name = f.feature`)
    ).map((row) => ({
      model: String(row.model_name),
      table: String(row.feature_table),
      timestampColumn: String(row.timestamp_column),
      feature: String(row.feature),
      type: String(row.data_type),
    }));
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers three production models and one archived model, as the manifest says', async () => {
    const rows = await query(
      'SELECT status, list(model_name ORDER BY model_name) AS models FROM model_metadata GROUP BY status',
    );
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.models]));
    expect(byStatus).toEqual({
      production: [...manifest.production].sort(),
      archived: [...manifest.archived].sort(),
    });
    expect(manifest.production).toHaveLength(3);
    expect(manifest.archived).toHaveLength(1);
  });

  it('leaves the drift columns of model_metadata for the worker to fill', async () => {
    const [row] = await query(`SELECT count(*)::INTEGER AS filled FROM model_metadata
      WHERE model_drift_score IS NOT NULL OR feature_drift_scores IS NOT NULL OR drift_status IS NOT NULL
         OR last_drift_run_at IS NOT NULL`);
    expect(row?.filled).toBe(0);
  });

  it('gives every model 5 to 8 features, each a column of its feature table', () => {
    expect(features.filter((f) => f.type === 'null')).toEqual([]);
    const perModel = new Map<string, number>();
    for (const f of features) perModel.set(f.model, (perModel.get(f.model) ?? 0) + 1);
    expect(perModel.size).toBe(4);
    for (const count of perModel.values()) {
      expect(count).toBeGreaterThanOrEqual(5);
      expect(count).toBeLessThanOrEqual(8);
    }
  });

  it('stores each timestamp_column as a TIMESTAMP column of its table, not always named event_time', async () => {
    const rows = await query(`SELECT m.timestamp_column, c.data_type FROM model_metadata m
      LEFT JOIN duckdb_columns() c ON c.table_name = m.feature_table AND c.column_name = m.timestamp_column`);
    expect(rows.map((row) => row.data_type)).toEqual(rows.map(() => 'TIMESTAMP'));
    expect(new Set(rows.map((row) => row.timestamp_column)).size).toBeGreaterThan(1);
  });

  it('mixes VARCHAR, DOUBLE and INTEGER features', () => {
    expect(new Set(features.map((f) => f.type))).toEqual(new Set(['VARCHAR', 'DOUBLE', 'INTEGER']));
  });

  it('has missing values: NULL in features of every type and NaN in a DOUBLE feature', async () => {
    const typesWithNulls = new Set<string>();
    let nans = 0;
    for (const f of features) {
      const nan = f.type === 'DOUBLE' ? `isnan(${quote(f.feature)})` : 'false';
      const [row] = await query(`SELECT count(*) FILTER (${quote(f.feature)} IS NULL)::INTEGER AS nulls,
          count(*) FILTER (${nan})::INTEGER AS nans FROM ${quote(f.table)}`);
      if (Number(row?.nulls) > 0) typesWithNulls.add(f.type);
      nans += Number(row?.nans);
    }
    expect(typesWithNulls).toEqual(new Set(['VARCHAR', 'DOUBLE', 'INTEGER']));
    expect(nans).toBeGreaterThan(0);
  });

  it('fills the largest feature table with exactly largestTableRows rows and the others with fewer', async () => {
    const counts: number[] = [];
    for (const table of new Set(features.map((f) => f.table))) counts.push(await tableRows(table));
    expect(Math.max(...counts)).toBe(largestTableRows);
    expect(counts.filter((n) => n === largestTableRows)).toHaveLength(1);
  });

  it('labels the events of both logged models, a fifth of the labels not known yet, the rest 0 or 1', async () => {
    const rows = await query(`SELECT model_name, avg((label IS NULL)::INTEGER) AS unknown,
        list(DISTINCT label ORDER BY label) FILTER (WHERE label IS NOT NULL) AS labels
      FROM model_events GROUP BY model_name ORDER BY model_name`);
    expect(rows.map((r) => r.model_name)).toEqual(manifest.labelled.map((m) => m.model).sort());
    for (const row of rows) {
      expect(row.labels).toEqual([0, 1]);
      expect(Math.abs((row.unknown as number) - 0.2)).toBeLessThan(0.01);
    }
    expect(manifest.labelled.filter((m) => m.performanceFalls)).toHaveLength(1);
  });

  it('logs predictions for two of the three production models, one per feature-table row', async () => {
    const logged =
      await query(`SELECT e.model_name, count(*)::INTEGER AS n, any_value(m.feature_table) AS feature_table
      FROM model_events e JOIN model_metadata m USING (model_name)
      WHERE m.status = 'production' GROUP BY e.model_name`);
    expect(logged).toHaveLength(2);
    for (const row of logged) expect(row.n).toBe(await tableRows(String(row.feature_table)));
  });

  it("pins one production model's reference to its training period, its first month", async () => {
    const rows =
      await query(`SELECT model_name, status, baseline_from::VARCHAR AS "from", baseline_to::VARCHAR AS "to"
      FROM model_metadata WHERE baseline_from IS NOT NULL OR baseline_to IS NOT NULL`);
    expect(manifest.pinned).toEqual([
      { model: 'churn_predictor', from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
    ]);
    expect(rows).toEqual([
      {
        model_name: 'churn_predictor',
        status: 'production',
        from: '2025-01-01 00:00:00',
        to: '2025-02-01 00:00:00',
      },
    ]);
  });

  it('lists every feature exactly once in the manifest, as drifted or clean', () => {
    const listed = [
      ...manifest.clean,
      ...manifest.drifted.flatMap((d) =>
        d.feature === null ? [] : [{ model: d.model, feature: d.feature }],
      ),
    ].map((f) => `${f.model}.${f.feature}`);
    expect(listed.sort()).toEqual(features.map((f) => `${f.model}.${f.feature}`).sort());
  });

  it('plants numeric and categorical drift in production features and drift in one prediction', () => {
    const production = manifest.drifted.filter((d) => manifest.production.includes(d.model));
    expect(production.filter((d) => d.feature !== null).map((d) => d.kind)).toEqual(
      expect.arrayContaining(['numeric', 'categorical']),
    );
    expect(production.filter((d) => d.feature === null)).toHaveLength(1);
    expect(manifest.drifted.some((d) => manifest.archived.includes(d.model))).toBe(true);
  });

  it('shifts each planted numeric drift by more than 0.3 std between the 50–70% slice and the newest 5%', async () => {
    for (const drift of manifest.drifted.filter((d) => d.kind === 'numeric')) {
      const windows =
        drift.feature === null
          ? windowsSql('model_events', 'event_time', 'prediction', `WHERE model_name = '${drift.model}'`)
          : featureWindows(featureOf(drift.model, drift.feature));
      const shift = await numericShift(windows);
      expect(Math.max(shift.mean, shift.scale), `${drift.model}.${drift.feature}`).toBeGreaterThan(0.3);
    }
  });

  it('moves some category share by more than 0.1 in each planted categorical drift', async () => {
    for (const drift of manifest.drifted.filter((d) => d.kind === 'categorical')) {
      const shift = await shareShift(featureWindows(featureOf(drift.model, drift.feature ?? '')));
      expect(shift, `${drift.model}.${drift.feature}`).toBeGreaterThan(0.1);
    }
  });

  it('keeps the clean features of the largest table within 0.05 std of mean and 0.03 of share', async () => {
    const model = await largestModel();
    for (const { feature } of manifest.clean.filter((c) => c.model === model)) {
      const f = featureOf(model, feature);
      if (f.type === 'VARCHAR') {
        expect(await shareShift(featureWindows(f)), feature).toBeLessThan(0.03);
      } else {
        expect((await numericShift(featureWindows(f))).mean, feature).toBeLessThan(0.05);
      }
    }
  });

  it('plants drift only in the newest 5%: the 70–95% slice of a drifted feature matches the 50–70% slice', async () => {
    const model = await largestModel();
    for (const drift of manifest.drifted.filter((d) => d.model === model && d.feature !== null)) {
      const windows = featureWindows(featureOf(model, drift.feature ?? ''), 0.7, 0.95);
      if (drift.kind === 'categorical') {
        expect(await shareShift(windows), drift.feature ?? '').toBeLessThan(0.03);
      } else {
        const shift = await numericShift(windows);
        expect(Math.max(shift.mean, shift.scale), drift.feature ?? '').toBeLessThan(0.05);
      }
    }
  });

  it('gives the same data for the same seed and different data for another seed', async () => {
    const dump = (file: string) =>
      withDatabase(file, async (c) => {
        const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowsJson();
        return {
          features: await read('SELECT * FROM fraud_features'),
          events: await read('SELECT * FROM model_events'),
        };
      });
    const make = async (name: string, seed: number) => {
      const file = join(dir, name);
      await createDemoDatabase(file, { largestTableRows: 2000, seed });
      return dump(file);
    };
    const first = await make('seed-7a.duckdb', 7);
    expect(await make('seed-7b.duckdb', 7)).toEqual(first);
    expect(await make('seed-8.duckdb', 8)).not.toEqual(first);
  });

  it('refuses to overwrite an existing file', async () => {
    const existing = join(dir, 'existing.duckdb');
    writeFileSync(existing, 'not a database');
    await expect(createDemoDatabase(existing, { largestTableRows: 2000 })).rejects.toThrow(/already exists/);
    expect(readFileSync(existing, 'utf8')).toBe('not a database');
  });

  it('rejects fewer than 1000 rows in the largest table', async () => {
    await expect(createDemoDatabase(join(dir, 'tiny.duckdb'), { largestTableRows: 999 })).rejects.toThrow(
      RangeError,
    );
  });
});
