import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import { createDriftPlatform } from './support/driftPlatform.js';
import { execute, literal, METADATA_DDL, query, scratchFolder } from './support/platformDatabase.js';
import { REDIS_URL } from './support/queue.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
let folder: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  folder = scratchFolder();
});
afterAll(() => folder.cleanup());

function file(name: string, content: unknown): string {
  const path = folder.path(name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function serviceCWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const serviceC = (...args: string[]) => serviceCWith({}, ...args);

/** A stream entry's or a hash's flat field-value list as an object. */
function fieldsOf(flat: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}

function expectOneLineError(result: ReturnType<typeof serviceC>, message: string | RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

const reference = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
const current = Array.from({ length: 150 }, (_, i) => ((i * 53) % 97) + 10);

const compareWithBins = (bins: string) =>
  serviceC(
    'compare',
    '--reference',
    file('r.json', reference),
    '--current',
    file('c.json', current),
    '--bins',
    bins,
  );

describe('service-c compare', () => {
  it('prints the same comparison as the API, as JSON', async () => {
    const result = serviceC(
      'compare',
      '--reference',
      file('r.json', reference),
      '--current',
      file('c.json', current),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(await compare(reference, current))));
  });

  it('passes --bins, --epsilon and --categorical through', async () => {
    const args = ['--reference', file('r.json', reference), '--current', file('c.json', current)];
    const result = serviceC('compare', ...args, '--bins', '4', '--epsilon', '0.001', '--categorical');
    expect(JSON.parse(result.stdout)).toEqual(
      JSON.parse(
        JSON.stringify(await compare(reference, current, { bins: 4, epsilon: 0.001, categorical: true })),
      ),
    );
  });

  it('exits 2 with one line for a file that is not a JSON array', () => {
    expectOneLineError(
      serviceC('compare', '--reference', file('obj.json', { a: 1 }), '--current', file('c.json', current)),
      'service-c: the reference window is not an array',
    );
    expectOneLineError(
      serviceC('compare', '--reference', file('bad.json', '[1, 2'), '--current', file('c.json', current)),
      /bad\.json is not valid JSON/,
    );
  });

  it('exits 2 with one line for numbers mixed with strings without --categorical', () => {
    expectOneLineError(
      serviceC(
        'compare',
        '--reference',
        file('mixed.json', [1, 'a', 2]),
        '--current',
        file('c.json', current),
      ),
      /the reference window mixes numbers and strings; pass categorical \(--categorical\)/,
    );
  });

  it('exits 2 with one line for an empty window, a missing file or a bad flag', () => {
    expectOneLineError(
      serviceC('compare', '--reference', file('empty.json', []), '--current', file('c.json', current)),
      'service-c: the reference window is empty',
    );
    expectOneLineError(
      serviceC('compare', '--reference', folder.path('nope.json'), '--current', file('c.json', current)),
      /cannot read .*nope\.json: ENOENT/,
    );
    expectOneLineError(
      serviceC('compare', '--reference', 'x'),
      'compare needs --reference FILE and --current FILE',
    );
    expectOneLineError(compareWithBins('ten'), "--bins expects an integer of at least 2, got 'ten'");
    expectOneLineError(serviceC('compare', '--frobnicate'), /compare has no option '--frobnicate'/);
    expectOneLineError(serviceC('frobnicate'), "unknown command 'frobnicate'");
  });
});

describe('service-c run', () => {
  it('prints a summary table of the run', async () => {
    const db = folder.path('platform.duckdb');
    await execute(
      db,
      METADATA_DDL,
      `CREATE TABLE feats AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
         (hash(i) % 1000)::DOUBLE AS x, CASE WHEN i >= 9500 THEN (hash(i) % 1000) + 500 ELSE hash(i) % 1000 END AS y
       FROM range(10000) t(i)`,
      `INSERT INTO model_metadata VALUES ('m', 'production', ['x', 'y'], 'feats', 'event_time')`,
    );
    const result = serviceC('run', '--db', db);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toMatch(/^model\s+status\s+score\s+performance\s+worst features$/);
    expect(row).toMatch(/^m\s+alert\s+\S+\s+-\s+y \(PSI \d+\.\d{3}, KS \d+\.\d{3}\), x \(PSI/);
    expect(result.stdout).toMatch(/run [0-9a-f-]{36}: success, 1 models in/);
    // The same table through duckdb-wasm; only the run line differs.
    const wasm = serviceC('run', '--db', db, '--engine', 'wasm');
    expect(wasm.code).toBe(0);
    const table = (stdout: string) => stdout.split('\n').filter((line) => !line.startsWith('run '));
    expect(table(wasm.stdout)).toEqual(table(result.stdout));
  });

  it('says which models compare with a pinned reference, and whether its profiles were stored or read', async () => {
    const db = folder.path('pinned.duckdb');
    await execute(
      db,
      METADATA_DDL,
      'ALTER TABLE model_metadata ADD COLUMN baseline_from TIMESTAMP',
      'ALTER TABLE model_metadata ADD COLUMN baseline_to TIMESTAMP',
      `CREATE TABLE feats AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time,
         (hash(i) % 1000)::DOUBLE AS x FROM range(10000) t(i)`,
      `INSERT INTO model_metadata VALUES ('m', 'production', ['x'], 'feats', 'event_time',
         TIMESTAMP '2026-01-01 00:10:00', TIMESTAMP '2026-01-01 01:00:00')`,
    );
    const line = (stdout: string) => stdout.split('\n').find((text) => text.startsWith('m: '));
    expect(line(serviceC('run', '--db', db).stdout)).toBe(
      'm: reference pinned to [2026-01-01T00:10:00.000Z, 2026-01-01T01:00:00.000Z), 1 profile stored',
    );
    expect(line(serviceC('run', '--db', db).stdout)).toBe(
      'm: reference pinned to [2026-01-01T00:10:00.000Z, 2026-01-01T01:00:00.000Z), 1 profile read',
    );
  });

  it('exits 2 with one line for a missing database', () => {
    expectOneLineError(
      serviceC('run', '--db', folder.path('missing.duckdb')),
      /database file not found: .*missing\.duckdb/,
    );
    expectOneLineError(serviceC('run'), 'run needs --db FILE');
    expectOneLineError(
      serviceC('run', '--db', folder.path('missing.duckdb'), '--engine', 'sqlite'),
      "--engine expects node or wasm, got 'sqlite'",
    );
  });
});

describe('service-c with hostile arguments', () => {
  it('answers --help for every command, with the usage of that command', () => {
    for (const command of ['compare', 'run', 'demo', 'serve']) {
      const result = serviceC(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage:\\n  service-c ${command} `));
      expect(result.stderr).toBe('');
    }
  });

  it('says what a negative value should be, not that it is ambiguous', () => {
    const db = folder.path('never.duckdb');
    expectOneLineError(
      serviceC('run', '--db', db, '--max-rows', '-1'),
      "--max-rows expects an integer of at least 1, got '-1'",
    );
    expectOneLineError(
      serviceC('serve', '--db', db, '--port', '-1'),
      '--port must be between 0 and 65535, got -1',
    );
    expectOneLineError(
      serviceC('serve', '--db', db, '--every', '-1s'),
      "--every expects a duration like 30s, 15m, 1h or 1d, got '-1s'",
    );
  });

  it('bounds compare --bins in one line', () => {
    for (const bins of ['100000000', '1000000000']) {
      expectOneLineError(
        compareWithBins(bins),
        `service-c: invalid options: bins must be an integer from 2 to 100000, got ${bins}`,
      );
    }
  });

  it('says in one line why the demo database cannot be created in a missing folder, and exits 2', () => {
    const result = serviceC('demo', '--db', folder.path('no/such/dir/x.duckdb'));
    expect(result.code).toBe(2);
    // After the line announcing it.
    expect(result.stderr.trimEnd().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^service-c: cannot create the demo database .*x\.duckdb: /),
    ]);
  });

  it('says in one line that a zero-byte or text file is no DuckDB file, on either engine', () => {
    for (const engine of ['node', 'wasm']) {
      for (const content of ['', 'model_name,status\nm,production\n']) {
        const path = file(`not-duckdb-${engine}-${content.length}.duckdb`, content);
        expectOneLineError(
          serviceC('run', '--db', path, '--engine', engine),
          /not a DuckDB database file|cannot open/,
        );
      }
    }
  });
});

describe('service-c run --redis', () => {
  it("says in each message the thresholds the run decided with: its config file's, not the defaults", async () => {
    const model = `cli-thresholds-${randomUUID()}`;
    const db = folder.path('thresholds.duckdb');
    await createDriftPlatform(db, { rows: 4000, models: { [model]: ['clean', 'shifted'] } });
    const config = folder.path('thresholds.config.json');
    writeFileSync(
      config,
      JSON.stringify({ database: db, compare: { psiAlert: 0.4 }, performance: { aucAlert: 0.2 } }),
    );
    const redis = new Redis(REDIS_URL);
    try {
      const result = serviceC('run', '--config', config, '--redis', REDIS_URL);
      expect(result.code).toBe(0);
      const entries = (await redis.xrange('drift:events', '-', '+')).filter(
        ([, fields]) => fieldsOf(fields).model === model,
      );
      expect(entries).toHaveLength(1);
      const [[, fields] = ['', []]] = entries;
      expect(JSON.parse(fieldsOf(fields).thresholds ?? '')).toMatchObject({
        psiWarning: 0.1,
        psiAlert: 0.4,
        aucAlert: 0.2,
      });
    } finally {
      await redis.del(`drift:model:${model}`);
      redis.disconnect();
    }
  });

  it('publishes each model of the run to the real Redis as drift_results holds it: a stream entry and the latest-result hash', async () => {
    // `run` publishes to the default stream and hash names: a model name of this test's own keeps its
    // entries and its hash apart from every other run on the shared Redis.
    const model = `cli-${randomUUID()}`;
    const db = folder.path('published.duckdb');
    await createDriftPlatform(db, {
      rows: 4000,
      models: { [model]: ['clean', 'shifted', 'channel'] },
      labels: true,
    });
    const redis = new Redis(REDIS_URL);
    const stream = 'drift:events';
    const hash = `drift:model:${model}`;
    const ours = async () =>
      (await redis.xrange(stream, '-', '+')).filter(([, fields]) => fieldsOf(fields).model === model);
    try {
      const result = serviceC('run', '--db', db, '--redis', REDIS_URL);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);

      const rows = await query(
        db,
        `SELECT run_id, target, feature, status, model_score, psi, ks_statistic, ks_pvalue, performance_task,
                metric_reference, metric_current, metric_change, metric_change_low, metric_change_high,
                strftime(computed_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS computed_at, published_at IS NOT NULL AS published
         FROM drift_results WHERE model_name = ${literal(model)} ORDER BY target, feature`,
      );
      const own = rows.find((row) => row.target === 'model');
      if (own === undefined) throw new Error('the run wrote no model row');
      const features = rows.filter((row) => row.target === 'feature');
      const performance = rows.filter((row) => row.target === 'performance');
      expect(features.map((row) => row.feature)).toEqual(['channel', 'clean', 'shifted']);
      expect(performance.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.published)).toBe(true);

      const entries = await ours();
      expect(entries).toHaveLength(1);
      const [[, fields] = ['', []]] = entries;
      const entry = fieldsOf(fields);
      // The fields the message has today, each as drift_results holds it; fields added later may come beside.
      expect(entry).toMatchObject({
        run_id: own.run_id,
        model,
        status: own.status,
        score: String(own.model_score),
        computed_at: own.computed_at,
      });
      expect(JSON.parse(entry.features ?? '')).toEqual(
        Object.fromEntries(
          features.map((row) => [
            row.feature,
            expect.objectContaining({
              psi: row.psi,
              ks: row.ks_statistic,
              ksPValue: row.ks_pvalue,
              status: row.status,
            }),
          ]),
        ),
      );
      const [headline] = performance;
      expect(JSON.parse(entry.performance ?? '')).toMatchObject({
        status: headline?.status,
        task: headline?.performance_task,
        metrics: Object.fromEntries(
          performance.map((row) => [
            row.feature,
            {
              reference: row.metric_reference,
              current: row.metric_current,
              change: row.metric_change,
              changeLow: row.metric_change_low,
              changeHigh: row.metric_change_high,
            },
          ]),
        ),
      });
      expect(await redis.hgetall(hash)).toEqual(entry);
    } finally {
      const ids = (await ours()).map(([id]) => id);
      if (ids.length > 0) await redis.xdel(stream, ...ids);
      await redis.del(hash);
      redis.disconnect();
    }
  });

  it('takes --redis or REDIS_URL as serve does: an unreachable Redis is a warning and the run goes on', async () => {
    const db = folder.path('publishing.duckdb');
    await execute(
      db,
      METADATA_DDL,
      `CREATE TABLE feats AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS event_time, (hash(i) % 1000)::DOUBLE AS x
       FROM range(2000) t(i)`,
      `INSERT INTO model_metadata VALUES ('m', 'production', ['x'], 'feats', 'event_time')`,
    );
    // Port 1: nothing listens there, so nothing is written to the Redis the other tests share.
    for (const result of [
      serviceC('run', '--db', db, '--redis', 'redis://127.0.0.1:1'),
      serviceCWith({ REDIS_URL: 'redis://127.0.0.1:1' }, 'run', '--db', db),
    ]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /^service-c: warning: redis publisher: cannot reach Redis at 127\.0\.0\.1:1 /,
      );
      expect(result.stdout).toMatch(/^model\s+status/);
    }
  });

  it('exits 2 with one line for a database index Redis does not have', () => {
    expectOneLineError(
      serviceC('run', '--db', folder.path('never.duckdb'), '--redis', 'redis://127.0.0.1:6379/99'),
      '--redis redis://127.0.0.1:6379/99: Redis at 127.0.0.1:6379 has no database 99 (ERR DB index is out of range)',
    );
  });
});
