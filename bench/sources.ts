// One table of 2M rows in time order, the same rows shuffled, and the same rows in four Parquet files: the
// time to rank and read the default windows (historical 50-70%, current 95-100%, cap 250,000) of five
// numeric columns from each, on the native engine with the run's settings. The ordered table takes the
// ordered-source shortcut (after a positional check its windows are rowid ranges); the shuffled one is sorted.
import { mkdirSync, rmSync } from 'node:fs';
import { openNodeEngine } from '../src/engine/nodeEngine.js';
import { localDataRoot } from '../src/run/localDataRoot.js';
import { defaultRunOptions, engineSettings } from '../src/run/options.js';
import { windowSources } from '../src/run/windowSources.js';
import { fetchWindows } from '../src/store/fetchWindows.js';
import { openSource } from '../src/store/openSource.js';
import { tableRanks } from '../src/store/tableRanks.js';

const rows = 2_000_000;
const rounds = 3;
const columns = new Map(['a', 'b', 'c', 'd', 'e'].map((name) => [name, 'numeric' as const]));

export async function sourcesBench(): Promise<void> {
  const dir = new URL('./.data/sources/', import.meta.url).pathname;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}parts`, { recursive: true });
  const engine = await openNodeEngine(`${dir}sources.duckdb`, engineSettings(defaultRunOptions));
  try {
    await engine.run(`CREATE TABLE ordered AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i // 2) AS ts,
        random() AS a, random() AS b, random() AS c, random() AS d, random() AS e FROM range(${rows}) t(i) ORDER BY i`);
    await engine.run('CREATE TABLE shuffled AS SELECT * FROM ordered ORDER BY hash(a)');
    for (let part = 0; part < 4; part++) {
      const slice = `SELECT * FROM ordered WHERE rowid >= ${(part * rows) / 4} AND rowid < ${((part + 1) * rows) / 4} ORDER BY rowid`;
      await engine.run(`COPY (${slice}) TO '${dir}parts/part-${part}.parquet' (FORMAT parquet)`);
    }
    const dataRoot = localDataRoot(dir);
    const sources = ['ordered', 'shuffled', 'parquet:parts/*.parquet'];
    const times = new Map(sources.map((name) => [name, [] as number[]]));
    const ranking = new Map([
      ['order check', [] as number[]],
      ['sort', [] as number[]],
    ]);
    const ordered = { source: await openSource(engine, 'ordered'), timestampColumn: 'ts' };
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      if ((await tableRanks(engine, ordered)).kind !== 'ordered')
        throw new Error('ordered table not seen as ordered');
      ranking.get('order check')?.push(performance.now() - started);
      started = performance.now();
      await engine.run(
        'CREATE OR REPLACE TEMP TABLE ranks AS SELECT rowid AS row_id, row_number() OVER (ORDER BY ts, rowid) - 1 AS r FROM ordered',
      );
      ranking.get('sort')?.push(performance.now() - started);
      for (const name of sources) {
        const started = performance.now();
        const source = await openSource(engine, name, dataRoot);
        const windows = await windowSources(engine, { source, timestampColumn: 'ts' }, defaultRunOptions);
        await fetchWindows(engine, [windows.reference, windows.current], columns);
        times.get(name)?.push(performance.now() - started);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
    console.log(
      `\nSources: ${rows.toLocaleString('en')} rows, 5 DOUBLE columns, both default windows (median of ${rounds}, ms)`,
    );
    console.log('| source | rank + read |\n|---|---:|');
    for (const [name, ms] of times) console.log(`| ${name} | ${median(ms).toFixed(0)} |`);
    console.log(
      '\nRanking the ordered table: its order check (windows are then rowid ranges) or a sort of every row into a temporary table (median, ms)',
    );
    console.log('| ranking | ms |\n|---|---:|');
    for (const [name, ms] of ranking) console.log(`| ${name} | ${median(ms).toFixed(0)} |`);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
