import type { JobType, Queue } from 'bullmq';
import { firstLine } from '../util/firstLine.js';
import { removeRun } from './runFlow.js';

// A run says it is alive by a key that expires: one whose coordinator was killed goes quiet, and its flow is
// removed by the next run on the queue. Under the runs queue's prefix, so that an ACL on its keys covers it.
const ALIVE_MS = 15_000;
const aliveKey = (runs: Queue, runId: string) => `${runs.qualifiedName}:alive:${runId}`;

/** Says in Redis that the run is alive, again every few seconds, until stopped. */
export async function keepAlive(runs: Queue, runId: string): Promise<{ stop(): void }> {
  const client = await runs.getBackend().client;
  const beat = () => client.set(aliveKey(runs, runId), '1', { PX: ALIVE_MS });
  await beat();
  // A beat lost in an outage is made up by the next; the timer does not keep the process alive.
  const timer = setInterval(() => void beat().catch(() => {}), ALIVE_MS / 3).unref();
  return {
    stop: () => {
      clearInterval(timer);
      void client.del(aliveKey(runs, runId)).catch(() => {});
    },
  };
}

// Every state a parent can wait in; an active one was taken by a worker on the wrong queue, and is left to it.
const PARENT_STATES: JobType[] = [
  'waiting-children',
  'waiting',
  'prioritized',
  'delayed',
  'completed',
  'failed',
];

/**
 * Removes the flows (parent and children, with their results) of the runs on this queue that no longer say
 * they are alive: their coordinators were killed. Jobs a worker runs right now stay until a later run.
 */
export async function removeDeadRuns(runs: Queue, log: (message: string) => void): Promise<void> {
  const client = await runs.getBackend().client;
  for (const parent of await runs.getJobs(PARENT_STATES)) {
    const runId = parent.id?.replace(/^run-/, '');
    if (runId === undefined || (await client.get(aliveKey(runs, runId))) !== null) continue;
    await removeRun(runs, runId, true).then(
      () => log(`run ${runId} was left behind by a coordinator that stopped: its jobs were removed`),
      (error: unknown) =>
        log(`run ${runId} was left behind; its jobs could not be removed yet: ${firstLine(error)}`),
    );
  }
}
