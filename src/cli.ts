#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { closestOption } from './cli/closestOption.js';
import { isBadInput } from './cli/isBadInput.js';
import { UsageError } from './cli/usageError.js';
import { firstLine } from './util/firstLine.js';

/** A command's options (for "did you mean") and what runs it, resolving to the exit code. */
interface Command {
  flags: object;
  run: (args: string[]) => Promise<number>;
}

// Each command: its usage lines, and its module loaded when it runs (a run then starts without the queue's,
// the server's and the worker's libraries).
const commands: Record<string, { usage: string; load: () => Promise<Command> }> = {
  compare: {
    usage: `service-c compare --reference FILE --current FILE [--column NAME] [--format json|table] [--bins N] [--epsilon E] [--categorical]
      FILE: a JSON array of numbers, strings or null, or a CSV or Parquet file (.csv, .parquet) read through
      DuckDB, --column naming its column (not needed for a file of one column); prints the comparison as
      JSON, or with --format table (the default on a terminal) one summary line and a table`,
    load: async () => {
      const { compareCommand, compareFlags } = await import('./cli/compareCommand.js');
      return { flags: compareFlags, run: (args) => compareCommand(args, process.stdout).then(() => 0) };
    },
  },
  run: {
    usage: `service-c run --db FILE [--config FILE] [--threads N] [--max-rows N] [--engine node|wasm] [--redis URL]
      [--queue URL [--queue-name drift]] [--fail-on error|alert|never]
      one drift run over the production models of a DuckDB file; prints a summary table; exits 1 when a
      model ends in error (--fail-on alert: in alert too; never: 0); waits while another process holds the file;
      --redis (or REDIS_URL) also publishes its results to Redis, as serve does; with --queue
      (redis://HOST:PORT) the models are analysed by worker processes, this process only writes results;
      --config FILE reads the options from service-c.config.json (docs/configuration.md), flags override it`,
    load: async () => {
      const { runCommand, runFlags } = await import('./cli/runCommand.js');
      return {
        flags: runFlags,
        run: (args) => runCommand(args, { out: process.stdout, err: process.stderr, env: process.env }),
      };
    },
  },
  demo: {
    usage: `service-c demo [--db FILE] [--config FILE] [--threads N] [--max-rows N] [--engine node|wasm] [--redis URL]
      creates the demo database (default demo.duckdb) when it is missing, then runs on it`,
    load: async () => {
      const { demoCommand, runFlags } = await import('./cli/runCommand.js');
      return {
        flags: runFlags,
        run: (args) => demoCommand(args, { out: process.stdout, err: process.stderr, env: process.env }),
      };
    },
  },
  serve: {
    usage: `service-c serve --db FILE [--config FILE] [--port 9464] [--host 127.0.0.1] [--allow-host NAME] [--every 1h] [--redis URL] [--engine node|wasm]
      serves /metrics (Prometheus), /healthz and a drift dashboard at /; with --every (30s, 15m, 1h, 1d)
      runs on that schedule, the first run at once; --redis (or REDIS_URL) also publishes each run to Redis;
      on a loopback address it answers only loopback host names and each --allow-host NAME; stops on SIGTERM;
      --queue URL [--queue-name drift]: its runs are analysed by worker processes, as run's`,
    load: async () => {
      const { serveCommand, serveFlags } = await import('./cli/serveCommand.js');
      return {
        flags: serveFlags,
        run: (args) => serveCommand(args, { err: process.stderr, env: process.env }).then(() => 0),
      };
    },
  },
  config: {
    usage: `service-c config --print [--config FILE] [run's flags] | --schema
      --print: the options a run would use, a line each with where it came from (default, file or flag);
      --schema: the JSON Schema of service-c.config.json`,
    load: async () => {
      const { configCommand, configFlags } = await import('./cli/configCommand.js');
      return {
        flags: configFlags,
        run: (args) =>
          configCommand(args, { out: process.stdout, err: process.stderr, env: process.env }).then(() => 0),
      };
    },
  },
  worker: {
    usage: `service-c worker --queue URL --db FILE [--db FILE ...] [--config FILE] [--data-root DIR] [--queue-name drift]
      [--concurrency 1] [--threads N] [--lock-duration 30s] [--stalled-interval 30s]
      analyses the models of queue runs, one per job, reading only the databases given (read-only) and
      Parquet under --data-root (default each database's folder); stops on SIGTERM.
      Run, serve and worker with --queue need SERVICE_C_QUEUE_SECRET (at least 32 characters), the same on each`,
    load: async () => {
      const { workerCommand, workerFlags } = await import('./cli/workerCommand.js');
      return {
        flags: workerFlags,
        run: (args) => workerCommand(args, { err: process.stderr, env: process.env }).then(() => 0),
      };
    },
  },
};

const engineLine = '  --engine picks the DuckDB engine: node (native, the default) or wasm (duckdb-wasm)';
// Listed only under the commands that take --engine.
const usageOf = (names: readonly string[]) => {
  const usages = names.map((name) => `  ${commands[name]?.usage}`);
  return ['usage:', ...usages, ...(usages.some((u) => u.includes('--engine')) ? [engineLine] : [])].join(
    '\n',
  );
};

const version = () =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

async function main([command, ...args]: string[]): Promise<void> {
  if (command === '--version' || command === '-V') {
    process.stdout.write(`service-c ${version()}\n`);
    return;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${usageOf(Object.keys(commands))}\n`);
    return;
  }
  // No command is a mistake (a cron line cut short): usage on stderr, exit code 2.
  if (command === undefined) {
    process.stderr.write(`service-c: a command is needed\n${usageOf(Object.keys(commands))}\n`);
    process.exitCode = 2;
    return;
  }
  const entry = commands[command];
  if (!entry) throw new UsageError(`unknown command '${command}' (try --help)`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usageOf([command])}\n`);
    return;
  }
  const { flags, run } = await entry.load();
  process.exitCode = await run(negativeValuesAttached(args)).catch((error: unknown) => {
    throw withSuggestion(error, command, Object.keys(flags));
  });
}

/** parseArgs' "Unknown option '--max-row'" as one line with the nearest option of the command. */
function withSuggestion(error: unknown, command: string, options: readonly string[]): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const unknown = /Unknown option '([^']+)'/.exec(String((error as Error | null)?.message))?.[1];
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) return error;
  const near = closestOption(unknown, options);
  return new UsageError(
    `${command} has no option '${unknown}'${near ? `: did you mean ${near}?` : ''} (service-c ${command} --help lists them)`,
  );
}

/** `--flag -1` as `--flag=-1`: parseArgs takes a value starting with a dash for another option. */
function negativeValuesAttached(args: readonly string[]): string[] {
  return args.reduce<string[]>((joined, arg) => {
    const last = joined.at(-1);
    if (/^-\d|^-\.\d/.test(arg) && last?.startsWith('--') && !last.includes('='))
      joined[joined.length - 1] = `${last}=${arg}`;
    else joined.push(arg);
    return joined;
  }, []);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (!isBadInput(error)) throw error;
  process.stderr.write(`service-c: ${firstLine(error)}\n`);
  process.exitCode = 2;
});
