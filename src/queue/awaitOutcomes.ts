import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';
import { jobSweeper } from './jobSweeper.js';
import type { QueueRun } from './queueRun.js';
import { runJobs } from './runJobs.js';

// Finished jobs are heard of through the queue's event stream; when none came for this long, the unheard
// ones are looked up too (an event missed in a reconnect, a trimmed stream, a Redis that lost them).
const SWEEP_MS = 2000;

/** Every model's outcome as its job ends, in any order, until all are heard of or the run's signal aborts. */
export async function* awaitOutcomes(run: QueueRun, rows: readonly ModelRow[]): AsyncGenerator<ModelOutcome> {
  if (rows.length === 0) return;
  const jobs = runJobs(run.runId, rows, run.queue.secret, run.onResult);
  const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
    jobs.finish(jobId, { value: returnvalue });
  const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
    jobs.finish(jobId, { failure: failedReason });
  run.redis.events.on('completed', onCompleted);
  run.redis.events.on('failed', onFailed);
  const sweeper = jobSweeper(run, jobs);
  try {
    await sweeper.start(rows);
    while (!run.signal.aborted && jobs.waiting()) {
      const outcome = await jobs.ready.take(SWEEP_MS, run.signal);
      if (outcome !== undefined) yield outcome;
      else if (!run.signal.aborted) await sweeper.sweep();
    }
  } finally {
    run.redis.events.off('completed', onCompleted);
    run.redis.events.off('failed', onFailed);
    await sweeper.end();
  }
}
