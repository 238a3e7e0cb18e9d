// npm run bench -- commits [--rounds N] [--old PATH]: issue 21.4, end to end. The CLI `run`, whole process
// (spawn to exit), on the end-to-end store of 4 models × 25 features × 1M rows (two tables in timestamp
// order, two shuffled; bench/makeStore.ts), for this checkout and for older commits built from git, side by
// side in one bench run: each round runs every commit once, in a turned order, each on its own copy of the
// store (the runs append to drift_results). Commits are built into os.tmpdir()/service-c-<commit> with this
// checkout's node_modules linked in (the older package.json's dependencies are a subset at the same
// versions) and reused while their dist/cli.js is there; --old PATH takes a built checkout of 7be6539.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeOf } from './endToEnd.js';

const shape = { models: 4, features: 25, rows: 1_000_000 };
/** The commit the speed target is set against (a week before issue 21), and main when issue 21's work began. */
const older = '7be6539';
const atStart = 'cf5da30';
const repo = new URL('..', import.meta.url).pathname;

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};

/** A built checkout of `commit` (its dist/cli.js), built from git when missing. */
function builtCommit(commit: string): string {
  const dir = join(tmpdir(), `service-c-${commit}`);
  if (existsSync(join(dir, 'dist', 'cli.js'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`building ${commit} into ${dir}`);
  execFileSync('sh', ['-c', `git -C "${repo}" archive ${commit} | tar -x -C "${dir}"`], { stdio: 'inherit' });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

interface Timed {
  wallMs: number;
  peakRss: number;
  exitCode: number | null;
}

/** `node dist/cli.js run --db store` from spawn to exit, and its peak RSS. */
function timedCli(checkout: string, store: string): Promise<Timed> {
  const preload = new URL('./rssOnExit.mjs', import.meta.url).href;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', preload, join(checkout, 'dist', 'cli.js'), 'run', '--db', store],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallMs = performance.now() - started;
      const peak = /peak-rss-bytes (\d+)/.exec(stderr)?.[1];
      if (peak === undefined)
        reject(new Error(`${checkout}: no peak RSS (exit ${exitCode}): ${stderr.slice(0, 500)}`));
      else resolve({ wallMs, peakRss: Number(peak), exitCode });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

export async function commitsBench(): Promise<void> {
  const rounds = Number(argument('--rounds') ?? 5);
  const head = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']).toString().trim();
  const dirty =
    execFileSync('git', ['-C', repo, 'status', '--porcelain', '--', 'src', 'kernel']).toString() !== '';
  const checkouts = [
    { name: `this checkout (${head}${dirty ? ', with uncommitted changes' : ''})`, dir: repo },
    { name: older, dir: argument('--old') ?? builtCommit(older) },
    { name: `${atStart} (main when issue 21's work began)`, dir: builtCommit(atStart) },
  ];
  const source = storeOf(shape);
  const dataDir = new URL('./.data/', import.meta.url).pathname;
  const runs = checkouts.map((checkout, c) => {
    const store = `${dataDir}commits-${c}.duckdb`;
    rmSync(`${store}.wal`, { force: true });
    copyFileSync(source, store);
    return { ...checkout, store, timed: [] as Timed[] };
  });
  const load = loadavg();
  for (let round = 0; round < rounds; round++) {
    // Each commit goes first in turn, so that a busy spell of this shared machine hits all alike.
    for (let i = 0; i < runs.length; i++) {
      const run = runs[(round + i) % runs.length];
      if (run === undefined) continue;
      run.timed.push(await timedCli(run.dir, run.store));
      process.stderr.write(`\rround ${round + 1}/${rounds}`);
    }
  }
  process.stderr.write('\n');
  console.log(
    `\nEnd to end (issue 21.4): the CLI's run, whole process, ${shape.models} models × ${shape.features} features × ` +
      `${shape.rows.toLocaleString('en-US')} rows (two tables in timestamp order, two shuffled), ${rounds} rounds, the commits in turn; ` +
      `load average ${load.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} after (2 cores, shared).`,
  );
  console.log('\n| code | wall, median | walls | peak RSS, median | peak RSS of each run | exit codes |');
  console.log('|---|---:|---|---:|---|---|');
  for (const run of runs) {
    console.log(
      `| ${run.name} | ${s(median(run.timed.map((t) => t.wallMs)))} | ${run.timed.map((t) => s(t.wallMs)).join(', ')} | ` +
        `${mb(median(run.timed.map((t) => t.peakRss)))} | ${run.timed.map((t) => mb(t.peakRss)).join(', ')} | ${run.timed.map((t) => t.exitCode).join(', ')} |`,
    );
  }
  const [now, old, start] = runs.map((run) => ({
    wall: median(run.timed.map((t) => t.wallMs)),
    rss: median(run.timed.map((t) => t.peakRss)),
  }));
  if (now === undefined || old === undefined || start === undefined) return;
  console.log(
    `\nwall, this checkout / ${older}: ${(now.wall / old.wall).toFixed(2)}× (target ≤ 0.5×: ${verdict(now.wall <= 0.5 * old.wall)}); ` +
      `${atStart} / ${older}: ${(start.wall / old.wall).toFixed(2)}×`,
  );
  console.log(
    `peak RSS, this checkout ${mb(now.rss)} against ${atStart}'s ${mb(start.rss)} (target: not above: ${verdict(now.rss <= start.rss)}); ${older} ${mb(old.rss)}`,
  );
}
