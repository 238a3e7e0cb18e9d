#!/usr/bin/env node
import { compareCommand } from './cli/compareCommand.js';
import { demoCommand, runCommand } from './cli/runCommand.js';
import { serveCommand } from './cli/serveCommand.js';
import { UsageError } from './cli/usageError.js';
import { workerCommand } from './cli/workerCommand.js';
import { DriftInputError } from './compare/driftInputError.js';
import { QueueError } from './queue/queueError.js';
import { StoreError } from './store/storeError.js';
import { firstLine } from './util/firstLine.js';

const usage = `usage:
  service-c compare --reference FILE --current FILE [--bins N] [--epsilon E] [--categorical]
      FILE holds a JSON array of numbers, strings or null; prints the comparison as JSON
  service-c run --db FILE [--threads N] [--max-rows N] [--engine node|wasm] [--queue URL [--queue-name drift]]
      one drift run over the production models of a DuckDB file; prints a summary table; with --queue
      (redis://HOST:PORT) the models are analysed by worker processes, this process only writes results
  service-c demo [--db FILE] [--threads N] [--max-rows N] [--engine node|wasm]
      creates the demo database (default demo.duckdb) when it is missing, then runs on it
  service-c worker --queue URL [--queue-name drift] [--concurrency 1] [--threads N]
      [--lock-duration 30s] [--stalled-interval 30s]
      analyses the models of queue runs, one per job, reading the database read-only; stops on SIGTERM
  service-c serve --db FILE [--port 9464] [--host 127.0.0.1] [--every 1h] [--redis URL] [--engine node|wasm]
      [--queue URL [--queue-name drift]]
      serves /metrics (Prometheus), /healthz and a drift dashboard at /; with --every (30s, 15m, 1h, 1d)
      runs on that schedule, the first run at once; --redis (or REDIS_URL) also publishes each run to Redis;
      stops on SIGTERM
  --engine picks the DuckDB engine: node (native, the default) or wasm (duckdb-wasm)`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  compare: (args) => compareCommand(args, process.stdout),
  run: (args) => runCommand(args, { out: process.stdout, err: process.stderr }),
  demo: (args) => demoCommand(args, { out: process.stdout, err: process.stderr }),
  serve: (args) => serveCommand(args, { err: process.stderr, env: process.env }),
  worker: (args) => workerCommand(args, process.stderr),
};

async function main([command, ...args]: string[]): Promise<void> {
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command '${command}' (try --help)`);
  await run(args);
}

function isBadInput(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof DriftInputError ||
    error instanceof StoreError ||
    error instanceof QueueError ||
    error instanceof RangeError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (!isBadInput(error)) throw error;
  process.stderr.write(`service-c: ${firstLine(error)}\n`);
  process.exitCode = 2;
});
