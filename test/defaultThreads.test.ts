// One rule for the pool's default size, in a local run and in a queue worker.
import { describe, expect, it } from 'vitest';
import { resolveQueueWorkerOptions } from '../src/queue/queueWorker.js';
import { resolveRunOptions } from '../src/run/options.js';
import { allCoresButOne } from '../src/util/allCoresButOne.js';

describe('the default number of pool threads', () => {
  it('is all cores but one, and at least one', () => {
    expect([1, 2, 3, 8].map(allCoresButOne)).toEqual([1, 1, 2, 7]);
  });

  it('is the same in a local run and in a queue worker', () => {
    for (const cores of [1, 2, 8]) {
      const run = resolveRunOptions({ database: 'platform.duckdb' }, cores);
      const worker = resolveQueueWorkerOptions(
        { url: 'redis://127.0.0.1:6379', secret: 's'.repeat(32), databases: ['platform.duckdb'] },
        cores,
      );
      expect([run.threads, worker.threads], `${cores} cores`).toEqual([
        allCoresButOne(cores),
        allCoresButOne(cores),
      ]);
    }
  });
});
