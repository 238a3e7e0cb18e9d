import { type FlowProducer, Job, type Queue } from 'bullmq';
import type { QueueOptions } from '../run/options.js';
import { modelJobId, runJobId } from './jobIds.js';
import { type ModelJob, runsQueueName } from './modelJob.js';
import { signWire } from './signedWire.js';

/**
 * Adds the run's flow, atomically: its parent on `<name>.runs` (a queue no worker takes from) and a signed job
 * per model on `<name>`. Given some models again (their jobs were lost), adds them under the same parent.
 */
export async function addRunFlow(
  flows: FlowProducer,
  queue: QueueOptions,
  runId: string,
  models: readonly ModelJob[],
): Promise<void> {
  await flows.add({
    name: 'run',
    queueName: runsQueueName(queue.name),
    data: { runId },
    opts: { jobId: runJobId(runId) },
    children: models.map((job) => {
      const jobId = modelJobId(runId, job.model.model);
      return {
        name: 'model',
        queueName: queue.name,
        data: signWire('job', jobId, job, queue.secret),
        opts: {
          jobId,
          attempts: queue.attempts,
          backoff: { type: 'exponential', delay: 1000 },
          // The run hears of a failed model and goes on; the parent only groups the run's jobs.
          ignoreDependencyOnFailure: true,
        },
      };
    }),
  });
}

/**
 * Removes a run's flow from Redis; with `unfinished`, first the jobs no worker has taken yet. A job a worker
 * is running stays with it and ends unheard: nobody writes its result.
 */
export async function removeRun(runs: Queue, runId: string, unfinished: boolean): Promise<void> {
  const parent = await Job.fromId(runs, runJobId(runId));
  if (parent === undefined) return;
  if (unfinished) await parent.removeUnprocessedChildren();
  await runs.remove(runJobId(runId), { removeChildren: true });
}
