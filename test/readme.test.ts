import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServiceC } from '../src/run/startServiceC.js';
import { execute, query, scratchDatabasePerTest, uniform } from './support/platformDatabase.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`)];

/** GitHub's heading anchors: lower case, punctuation dropped but for '-' and '_', spaces as '-'. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (text: string) =>
  new Set(
    text
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchor(line.replace(/^#+ /, ''))),
  );

const links = (text: string) =>
  [...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));

describe('the README front page', () => {
  it('is a front page: under 400 lines', () => {
    expect(readme.split('\n').length).toBeLessThan(400);
  });

  it('names the quick start commands that package.json defines', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm run test:all');
    expect(scripts.start).toBe('node dist/cli.js demo');
    expect(scripts['test:all']).toContain('npm test');
  });

  it.each(pages)('every relative link of %s reaches a file and a heading', (page) => {
    const text = readFileSync(join(root, page), 'utf8');
    for (const target of links(text)) {
      const [file, hash] = target.split('#') as [string, string | undefined];
      const path = file === '' ? join(root, page) : join(root, dirname(page), file);
      expect(existsSync(path), `${page} links to ${target}`).toBe(true);
      if (hash !== undefined)
        expect(anchorsOf(readFileSync(path, 'utf8')), `${page} links to ${target}`).toContain(hash);
    }
  });
});

describe('bring your own data', () => {
  const scratch = scratchDatabasePerTest();

  it("the README's minimal input, as written, gives a run with its features", async () => {
    const sql = readme.match(/## Bring your own data[\s\S]*?```sql\n([\s\S]*?)```/)?.[1];
    expect(sql).toBeDefined();
    await execute(
      scratch.db,
      sql as string,
      `INSERT INTO churn_features SELECT TIMESTAMP '2026-01-01' + INTERVAL (i) MINUTE, i % 17, ['a', 'b'][1 + i % 2]
       FROM range(2000) t(i)`,
    );
    const summary = await startServiceC({ database: scratch.db, threads: 1 }).done;
    expect(summary.models.map((model) => [model.model, model.status])).toEqual([['churn_predictor', 'ok']]);
    expect(summary.models[0]?.features.map((feature) => feature.feature)).toEqual([
      'monthly_charges',
      'contract',
    ]);
  });

  it("the README's store with other names runs from its configuration file, as written", async () => {
    const section = readme.match(/\*\*A store with other names\*\*[\s\S]*?## Operate it/)?.[0] ?? '';
    const sql = section.match(/```sql\n([\s\S]*?)```/)?.[1];
    const json = section.match(/```json\n([\s\S]*?)```/)?.[1];
    expect(sql).toBeDefined();
    expect(json).toBeDefined();
    const config = JSON.parse(json as string);
    const database = join(dirname(scratch.db), config.database);
    // Three days a minute apart up to this hour: the last closed hour is the current window.
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await execute(
      database,
      sql as string,
      `INSERT INTO churn_hourly SELECT ${hour} - i * 60000, ${uniform(1)} * 100, (hash(i) % 4)::INTEGER
       FROM range(1, 4321) t(i)`,
      `INSERT INTO inference_log SELECT 'churn', make_timestamp((${hour} - i * 60000) * 1000), ${uniform(2)},
       (${uniform(3)} < 0.3)::DOUBLE FROM range(1, 4321) t(i)`,
    );
    const path = join(dirname(scratch.db), 'service-c.config.json');
    writeFileSync(path, json as string);
    const result = spawnSync(process.execPath, [cli, 'run', '--config', path, '--threads', '1'], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const results = await query(
      database,
      `SELECT feature, kind, current_count::DOUBLE AS rows, epoch_ms(current_first_time)::DOUBLE AS first
       FROM drift_results WHERE model_name = 'churn' AND target = 'feature' ORDER BY feature`,
    );
    const first = hour - 3_600_000;
    expect(results).toEqual([
      { feature: 'monthly_charges', kind: 'numeric', rows: 60, first },
      { feature: 'region_code', kind: 'categorical', rows: 60, first },
    ]);
  });
});
