import { Job } from 'bullmq';
import type { ModelRow } from '../store/productionModels.js';
import { firstLine } from '../util/firstLine.js';
import type { QueueRun } from './queueRun.js';
import { addRunFlow, removeRun } from './runFlow.js';
import type { RunJobs } from './runJobs.js';
import { within } from './within.js';

// How long a sweep's lookups may take before Redis counts as gone, and the run's last cleanup may wait.
const LOOKUP_MS = 10_000;
const CLEANUP_MS = 5000;

/**
 * What a run does besides hearing events: adds its flow, looks its unheard jobs up now and then (an event may
 * be missed), adds again the jobs Redis lost (once), gives up on them after `queue.outageMs` without Redis,
 * says when no worker listens, and at the end removes its flow.
 */
export function jobSweeper(run: QueueRun, jobs: RunJobs) {
  const { queue, redis, runId, signal } = run;
  const started = performance.now();
  const readded = new Set<string>();
  let lookingUp: Promise<boolean> | undefined;
  let outageSince: number | undefined;
  let warned = false;
  const add = (rows: readonly ModelRow[]) =>
    addRunFlow(redis.flows, queue, runId, rows.map(run.jobOf)).then(() => true);

  const giveUpAfterOutage = () => {
    outageSince ??= performance.now();
    const lasted = performance.now() - outageSince;
    if (lasted < queue.outageMs) return;
    for (const jobId of [...jobs.pending]) {
      jobs.finish(jobId, {
        failure: `Redis at ${redis.where} unreachable for ${Math.round(lasted / 1000)} s: the run stopped waiting for this model's job`,
      });
    }
  };

  const addLost = async (lost: readonly string[]) => {
    for (const jobId of lost.filter((id) => readded.has(id))) {
      jobs.finish(jobId, {
        failure: 'its job was lost from Redis twice (does Redis restart without persistence?)',
      });
    }
    const again = lost.filter((id) => !readded.has(id));
    if (again.length === 0) return;
    await add(again.map((id) => jobs.models.get(id) as ModelRow));
    for (const jobId of again) readded.add(jobId);
    queue.log(
      `run ${runId}: ${again.length} job(s) gone from Redis (restarted without persistence?): added again`,
    );
  };

  const lookUp = async () => {
    try {
      const lost: string[] = [];
      for (const jobId of [...jobs.pending]) {
        const job = await Job.fromId(redis.models, jobId);
        if (job === undefined) lost.push(jobId);
        else if (job.finishedOn !== undefined) {
          jobs.finish(
            jobId,
            (await job.isFailed()) ? { failure: job.failedReason } : { value: job.returnvalue },
          );
        }
      }
      if (lost.length > 0) await addLost(lost);
      return true;
    } catch {
      return false;
    }
  };

  const warnIfNoWorker = async () => {
    if (warned || jobs.pending.size < jobs.models.size) return;
    if (performance.now() - started <= queue.noWorkerWarningMs) return;
    warned = true;
    if ((await redis.models.getWorkersCount().catch(() => 0)) > 0) return;
    queue.log(
      `run ${runId}: no worker listens on queue '${queue.name}' at ${redis.where}; waiting ` +
        `(start one with: service-c worker --queue redis://${redis.where} --queue-name ${queue.name})`,
    );
  };

  return {
    /** Adds the run's flow; a Redis gone all along `queue.outageMs` makes every model an error. */
    async start(rows: readonly ModelRow[]): Promise<void> {
      if (!(await within(add(rows), queue.outageMs, false, signal)) && !signal.aborted) {
        outageSince = performance.now() - queue.outageMs;
        giveUpAfterOutage();
      }
    },
    async sweep(): Promise<void> {
      lookingUp ??= lookUp().finally(() => {
        lookingUp = undefined;
      });
      const answered = (await redis.reachable()) && (await within(lookingUp, LOOKUP_MS, false, signal));
      if (signal.aborted) return;
      if (!answered) return giveUpAfterOutage();
      outageSince = undefined;
      await warnIfNoWorker();
    },
    /** Removes the run's flow, unless Redis is gone: a later run removes it then. */
    async end(): Promise<void> {
      const removing = removeRun(redis.runs, runId, jobs.pending.size > 0).then(
        () => true,
        (error: unknown) => {
          queue.log(
            `run ${runId}: could not remove its jobs from queue '${queue.name}': ${firstLine(error)}`,
          );
          return true;
        },
      );
      if (!(await within(removing, CLEANUP_MS, false))) {
        queue.log(
          `run ${runId}: could not remove its jobs from queue '${queue.name}': Redis at ${redis.where} ` +
            'does not answer; the next run on the queue removes them',
        );
      }
    },
  };
}
