// service-c.config.json: one file for a run's data options, checked by the option rules, flags over it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/configSchema.js';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, scratchDatabasePerTest, uniform } from './support/platformDatabase.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;

function serviceC(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A store whose every name differs from the defaults: `x` drifts by +0.5 in its newest 5% of 4,000 rows. */
const otherNames = [
  `CREATE TABLE ml_models (name VARCHAR, stage VARCHAR, cols VARCHAR[], src VARCHAR, ts_col VARCHAR)`,
  `INSERT INTO ml_models VALUES ('a', 'live', ['x'], 'feats', 'ts'), ('b', 'live', ['x'], 'feats', 'ts'),
                                ('c', 'retired', ['x'], 'feats', 'ts')`,
  `CREATE TABLE feats AS SELECT TIMESTAMP '2026-01-01' + to_seconds(i * 60) AS ts,
     ${uniform(1)} + CASE WHEN i >= 3800 THEN 0.5 ELSE 0 END AS x FROM range(4000) t(i)`,
];
const otherSchema = {
  modelMetadata: 'ml_models',
  modelName: 'name',
  status: 'stage',
  productionStatus: 'live',
  features: 'cols',
  featureTable: 'src',
  timestampColumn: 'ts_col',
};

describe('the configuration file', () => {
  const scratch = scratchDatabasePerTest();
  const config = (content: unknown) => {
    const path = scratch.folder.path('service-c.config.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('is the JSON Schema the option rules make, as committed', () => {
    const committed = JSON.parse(readFileSync(`${root}service-c.config.schema.json`, 'utf8'));
    expect(committed).toEqual(configSchema());
  });

  it('gives run a store with other names, its database relative to the file, a model its own thresholds', async () => {
    await execute(scratch.db, ...otherNames);
    const path = config({
      database: 'platform.duckdb',
      schema: otherSchema,
      threads: 1,
      // b's thresholds are out of reach: the drift that alerts a is ok for b.
      models: {
        b: {
          compare: {
            psiWarning: 50,
            psiAlert: 100,
            ksStatistic: 1,
            outOfRangeMinShare: null,
            outOfQuantilesMinShare: null,
          },
        },
      },
    });
    const result = serviceC('run', '--config', path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const statuses = result.stdout
      .split('\n')
      .slice(1, 3)
      .map((line) => line.split(/\s+/).slice(0, 2));
    expect(statuses).toEqual([
      ['a', 'alert'],
      ['b', 'ok'],
    ]);
  });

  it('flows a model override through the one run path (the API takes the same models option)', async () => {
    await execute(scratch.db, ...otherNames);
    const summary = await startServiceC({
      database: scratch.db,
      threads: 1,
      schema: otherSchema,
      models: {
        a: {
          compare: {
            psiWarning: 50,
            psiAlert: 100,
            ksStatistic: 1,
            outOfRangeMinShare: null,
            outOfQuantilesMinShare: null,
          },
        },
      },
    }).done;
    expect(summary.models.map((model) => [model.model, model.status])).toEqual([
      ['a', 'ok'],
      ['b', 'alert'],
    ]);
  });

  it('takes time windows as { kind: "time", bucketMs }, the rest their defaults', () => {
    const path = config({ windows: { kind: 'time', bucketMs: 3_600_000 } });
    const result = serviceC('config', '--print', '--config', path);
    expect(result.code).toBe(0);
    const windows = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('windows.'))
      .map((line) => line.split(/\s+/));
    expect(windows).toEqual([
      ['windows.kind', '"time"', 'file'],
      ['windows.historicalFrom', '0.5', 'default'],
      ['windows.historicalTo', '0.7', 'default'],
      ['windows.bucketMs', '3600000', 'file'],
    ]);
  });

  it('config --print says where each value came from: default, file or flag', () => {
    const path = config({
      maxRowsPerWindow: 5000,
      compare: { psiAlert: 0.3 },
      models: { b: { seasonality: 'none' } },
    });
    const result = serviceC('config', '--print', '--config', path, '--max-rows', '7000');
    expect(result.code).toBe(0);
    const line = (key: string) =>
      result.stdout
        .split('\n')
        .find((text) => text.startsWith(`${key} `))
        ?.split(/\s+/);
    expect(line('maxRowsPerWindow')).toEqual(['maxRowsPerWindow', '7000', 'flag']);
    expect(line('compare.psiAlert')).toEqual(['compare.psiAlert', '0.3', 'file']);
    expect(line('compare.psiWarning')).toEqual(['compare.psiWarning', '0.1', 'default']);
    expect(line('models.b.seasonality')).toEqual(['models.b.seasonality', '"none"', 'file']);
  });

  it.each([
    [{ windows: { kind: 'time', bucketMs: -1 } }, 'windows.bucketMs must be a positive number, got -1'],
    [{ windws: { kind: 'time' } }, 'unknown option windws'],
    [{ compare: { psiAlert: '0.3' } }, 'compare.psiAlert must be a number of at least 0, got "0.3"'],
    [{ schema: { modelMetadata: '' } }, 'schema.modelMetadata must be a non-empty string, got ""'],
    [
      { models: { b: { compare: { bins: 1 } } } },
      'models.b.compare.bins must be an integer from 2 to 100000, got 1',
    ],
    [{ models: { b: { colour: 'red' } } }, 'unknown option models.b.colour'],
    [{ now: '2026-01-01' }, 'unknown option now'],
  ])('refuses %j in one line naming the file and the key', (content, message) => {
    const path = config(content);
    const result = serviceC('run', '--db', scratch.db, '--config', path);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`service-c: ${path}: ${message}\n`);
  });
});
