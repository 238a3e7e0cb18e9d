// The end-to-end case, in this process, on generated stores (cached in bench/.data):
// - the read path against its limit: each model of a store with one table in timestamp order and one
//   shuffled (2,000,000 rows x 25 DOUBLE features each) is run alone, and its read time is set beside the
//   time DuckDB needs for the same windows when nothing leaves it, with the same thread count, and beside
//   the time the binding needs to hand those rows out with nothing done to them (three rounds in turn:
//   the medians);
// - memory: the peak RSS of a node process running each model once with the built package, against 2 x the
//   largest model's pulled windows + 300 MB;
// - the host's event loop during a run of 8 models x 12 features x 300,000 rows.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { Engine } from '../src/engine/engine.js';
import { nodeEngine, openNodeEngine } from '../src/engine/nodeEngine.js';
import { defaultRunOptions } from '../src/run/options.js';
import type { RunSummary } from '../src/run/outcome.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { type RankWindow, rankWindow } from '../src/store/rankWindow.js';

const readCase = { models: 2, features: 25, rows: 2_000_000 };
const loopCase = { models: 8, features: 12, rows: 300_000 };
const settings = {
  threads: defaultRunOptions.duckdbThreads,
  memoryLimit: defaultRunOptions.duckdbMemoryLimit,
};

/** The store of that shape, generated once into bench/.data. */
export function storeOf({ models, features, rows }: typeof readCase): string {
  const dir = new URL('./.data/', import.meta.url).pathname;
  const store = `${dir}store-${models}x${features}x${rows}-shuffled-odd.duckdb`;
  if (existsSync(store)) return store;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const script = new URL('./makeStore.ts', import.meta.url).pathname;
  execFileSync('npx', ['tsx', script, `${store}.partial`, `${models}`, `${features}`, `${rows}`], {
    stdio: 'inherit',
  });
  renameSync(`${store}.partial`, store);
  console.log(
    `store generated in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.data)`,
  );
  return store;
}

async function withStore<T>(path: string, use: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openNodeEngine(path, settings);
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

/** Leaves one model in production, so that a run reads that model alone. */
function onlyInProduction(path: string, model: string): Promise<void> {
  return withStore(path, (engine) =>
    engine.run(
      `UPDATE model_metadata SET status = CASE WHEN model_name = ? THEN 'production' ELSE 'retired' END`,
      [model],
    ),
  );
}

const windowsOf = (rows: number): RankWindow[] => {
  const w = defaultRunOptions.windows as {
    historicalFrom: number;
    historicalTo: number;
    currentFrom: number;
    currentTo: number;
  };
  const cap = defaultRunOptions.maxRowsPerWindow;
  return [
    rankWindow(rows, w.historicalFrom, w.historicalTo, cap),
    rankWindow(rows, w.currentFrom, w.currentTo, cap),
  ];
};

/** What is done with the window rows' columns (w, the window, among them): summed inside DuckDB, or handed out. */
type Consume = (rowsSql: string, columns: readonly string[]) => Promise<void>;

/** The limit: every column aggregated over the window rows, nothing leaves DuckDB. */
const summed =
  (engine: Engine): Consume =>
  async (rowsSql, columns) => {
    await engine.rows(
      `SELECT w, count(*), min(event_time), max(event_time), ${columns.map((c) => `sum(${c})`).join(', ')}
       FROM (${rowsSql}) GROUP BY w`,
    );
  };

/**
 * The binding's floor: the same rows streamed out of DuckDB and every vector's data taken (the bindings copy
 * each vector into a Buffer), nothing done with it: no pull can be faster through @duckdb/node-api.
 */
const handedOut =
  (connection: DuckDBConnection): Consume =>
  async (rowsSql, columns) => {
    const result = await connection.stream(`SELECT event_time, ${columns.join(', ')} FROM (${rowsSql})`);
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      for (let c = 0; c <= columns.length; c++) {
        duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, c), chunk.rowCount * 8);
      }
    }
  };

/**
 * The time DuckDB needs for a model's windows: count the rows, select each window's rows (by rowid ranges in
 * a table stored in timestamp order, by ranking otherwise) and consume every column over them; the same for
 * the model's predictions.
 */
async function windowsMs(
  engine: Engine,
  consume: Consume,
  model: string,
  table: string,
  ordered: boolean,
): Promise<number> {
  const columns = (
    (await engine.rows(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND data_type = 'DOUBLE'`,
      [table],
    )) as [string][]
  ).map(([c]) => c);
  const started = performance.now();
  const [[rows]] = (await engine.rows(`SELECT count(*)::DOUBLE FROM ${table}`)) as [[number]];
  if (ordered) {
    for (const [w, { start, end, stride }] of windowsOf(rows).entries()) {
      await consume(
        `SELECT ${w} AS w, * FROM ${table} WHERE rowid >= ${start} AND rowid < ${end} AND (rowid - ${start}) % ${stride} = 0`,
        columns,
      );
    }
  } else {
    await ranked(engine, consume, table, '', columns, rows);
  }
  const [[events]] = (await engine.rows(`SELECT count(*)::DOUBLE FROM model_events WHERE model_name = ?`, [
    model,
  ])) as [[number]];
  await ranked(engine, consume, 'model_events', `WHERE model_name = '${model}'`, ['prediction'], events);
  return performance.now() - started;
}

async function ranked(
  engine: Engine,
  consume: Consume,
  table: string,
  where: string,
  columns: readonly string[],
  rows: number,
) {
  const windows = windowsOf(rows).map(({ start, end, stride }, w) => `(${w}, ${start}, ${end}, ${stride})`);
  await engine.run(`CREATE OR REPLACE TEMP TABLE limit_rows AS SELECT row_id, w FROM (
      SELECT rowid AS row_id, row_number() OVER (ORDER BY event_time, rowid) - 1 AS r FROM ${table} ${where}
    ) JOIN (VALUES ${windows.join(', ')}) AS windows(w, s, e, k) ON r >= s AND r < e AND (r - s) % k = 0`);
  await consume(
    `SELECT limit_rows.w, t.* FROM ${table} AS t JOIN limit_rows ON t.rowid = limit_rows.row_id`,
    columns,
  );
  await engine.run('DROP TABLE limit_rows');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (x: number) => x.toFixed(0);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

function pulledBytes(summary: RunSummary): number {
  return Math.max(
    ...summary.models.map((m) => {
      const window = (m.features[0]?.reference.rows ?? 0) + (m.features[0]?.current.rows ?? 0);
      return window * m.features.length * 8;
    }),
  );
}

export async function endToEnd(): Promise<void> {
  const readStore = storeOf(readCase);
  const loopStore = storeOf(loopCase);

  // Runs and limits take turns, three rounds, so that a busy spell of this shared machine hits both alike.
  const runs = ['timestamp order', 'shuffled'].map((order, m) => ({
    model: `model_${m}`,
    order,
    summaries: [] as RunSummary[],
    totals: [] as number[],
    limits: [] as number[],
    floors: [] as number[],
  }));
  for (let round = 0; round < 3; round++) {
    for (const run of runs) {
      await onlyInProduction(readStore, run.model);
      const started = performance.now();
      run.summaries.push(await startServiceC({ database: readStore }).done);
      run.totals.push(performance.now() - started);
    }
    for (const [m, run] of runs.entries()) {
      const table = `features_${m}`;
      const ordered = m % 2 === 0;
      run.limits.push(
        await withStore(readStore, (engine) => windowsMs(engine, summed(engine), run.model, table, ordered)),
      );
      run.floors.push(
        await withStore(readStore, async () => {
          const connection = await (
            await DuckDBInstance.fromCache(readStore, {
              threads: String(settings.threads),
              memory_limit: settings.memoryLimit,
              preserve_insertion_order: 'false',
            })
          ).connect();
          try {
            // Temporary tables belong to a connection: the same one ranks and hands out.
            return await windowsMs(nodeEngine(connection), handedOut(connection), run.model, table, ordered);
          } finally {
            connection.closeSync();
          }
        }),
      );
    }
  }

  console.log(
    `\nThe read path: one model of ${readCase.rows.toLocaleString('en-US')} rows x ${readCase.features} features per run, ` +
      `DuckDB threads ${settings.threads}; medians of 3 rounds (runs and limits in turn), ms`,
  );
  console.log(
    '| table | read | DuckDB alone (limit) | read / limit (target at most 1.5×) | the binding handing the rows out (floor) | read / floor | compute | write | total | reads of the 3 rounds |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const run of runs) {
    const read = median(run.summaries.map((s) => s.timings.readMs));
    const limit = median(run.limits);
    const floor = median(run.floors);
    console.log(
      `| ${run.order} | ${ms(read)} | ${ms(limit)} | ${(read / limit).toFixed(2)}× (${verdict(read <= 1.5 * limit)}) | ` +
        `${ms(floor)} | ${(read / floor).toFixed(2)}× | ` +
        `${ms(median(run.summaries.map((s) => s.timings.computeMs)))} | ${ms(median(run.summaries.map((s) => s.timings.writeMs)))} | ` +
        `${ms(median(run.totals))} | ${run.summaries.map((s) => ms(s.timings.readMs)).join(', ')} |`,
    );
  }
  const largestPull = Math.max(...runs.map((run) => pulledBytes(run.summaries[0] as RunSummary)));
  const memoryTarget = 2 * largestPull + 300 * 2 ** 20;
  // Measured in a process of its own that runs the built package under plain node: this one carries tsx's
  // loader and transpiled sources (about 35 MB) and the limits' work, which a worker's process does not.
  const { before, peak } = JSON.parse(
    execFileSync(process.execPath, [
      new URL('./builtRuns.mjs', import.meta.url).pathname,
      readStore,
      ...runs.map((run) => run.model),
    ]).toString(),
  ) as { before: number; peak: number };
  console.log(
    `\npeak RSS ${mb(peak)} (before the runs ${mb(before)}) of a node process running each model once with the built ` +
      `package; largest model's pulled windows ${mb(largestPull)}; target < 2 x ${mb(largestPull)} + 300 MB = ` +
      `${mb(memoryTarget)}: ${verdict(peak < memoryTarget)}`,
  );

  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const summary = await startServiceC({ database: loopStore }).done;
  const totalMs = performance.now() - started;
  delay.disable();
  const at = (p: number) => delay.percentile(p) / 1e6;
  const max = delay.max / 1e6;
  console.log(
    `\nThe host's event loop during a run of ${loopCase.models} models x ${loopCase.features} features x ` +
      `${loopCase.rows.toLocaleString('en-US')} rows (${ms(totalMs)} ms; read ${ms(summary.timings.readMs)}, ` +
      `compute ${ms(summary.timings.computeMs)}, write ${ms(summary.timings.writeMs)}): p50 ${at(50).toFixed(1)} ms, ` +
      `p99 ${at(99).toFixed(1)} ms, p99.9 ${at(99.9).toFixed(1)} ms (target < 15 ms: ${verdict(at(99.9) < 15)}), ` +
      `max ${max.toFixed(1)} ms (target < 30 ms: ${verdict(max < 30)})`,
  );
}
