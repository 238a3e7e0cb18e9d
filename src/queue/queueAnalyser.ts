import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import { failedModel } from '../run/failedModel.js';
import type { CreateAnalyser } from '../run/modelAnalyser.js';
import type { QueueOptions } from '../run/options.js';
import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';
import { firstLine } from '../util/firstLine.js';
import { checkJobResult } from './checkJobResult.js';
import { checkQueueRedis } from './checkQueueRedis.js';
import { modelJobId, runJobId } from './jobIds.js';
import { type ModelJob, runsQueueName } from './modelJob.js';
import { openWire, signWire } from './signedWire.js';

// Finished jobs are heard of through the queue's event stream; every so often the unfinished ones are also
// looked up, in case an event was missed (a reconnect, a trimmed stream).
const SWEEP_MS = 2000;

/** How a job ended, as the queue tells it. */
type Finished = { value: unknown } | { failure: string };

/**
 * Models analysed by `service-c worker` processes: one BullMQ flow per run, a parent job (on a queue no worker
 * takes from) with a child job per model. The run computes nothing itself; it gets each outcome as a worker
 * returns it. Only this run, the one owning the run id, turns the results into rows: jobs left behind by a
 * run that died are never written.
 */
export function queueAnalyser(queue: QueueOptions): CreateAnalyser {
  return async ({ runId, options, signal, timings, onFeaturesDone }) => {
    await checkQueueRedis(queue.url, queue.tls);
    const connection = { url: queue.url, ...(queue.tls ? { tls: queue.tls } : {}) };
    const models = new Queue(queue.name, { connection });
    const runs = new Queue(runsQueueName(queue.name), { connection });
    const flows = new FlowProducer({ connection });
    const events = new QueueEvents(queue.name, { connection });
    const close = async () => {
      await Promise.allSettled([events.close(), flows.close(), runs.close(), models.close()]);
    };
    try {
      await events.waitUntilReady();
    } catch (error) {
      await close();
      throw error;
    }
    const where = new URL(queue.url).host;
    // Workers open the file by this path, from their own working directories.
    const database = resolve(options.database as string);
    const now = options.now();

    return {
      async *outcomes(rows) {
        if (rows.length === 0) return;
        const modelOf = new Map(rows.map((row) => [modelJobId(runId, row.model), row]));
        const pending = new Set(modelOf.keys());
        const ready: ModelOutcome[] = [];
        let wake = () => {};
        const finish = (jobId: string, finished: Finished) => {
          const model = modelOf.get(jobId);
          if (model === undefined || !pending.delete(jobId)) return;
          ready.push(outcomeOf(jobId, model, finished));
          wake();
        };
        const outcomeOf = (jobId: string, model: ModelRow, finished: Finished): ModelOutcome => {
          if ('failure' in finished) return failedModel(model.model, finished.failure);
          try {
            // Nothing of a result is written unless its worker holds the secret and it fits the job.
            const result = checkJobResult(openWire('result', jobId, finished.value, queue.secret), model);
            // Everything in the worker but compute counts as reading: opening the file, waiting for it, the
            // schema lookups and the reads.
            timings.readMs += result.workMs - result.computeMs;
            timings.computeMs += result.computeMs;
            onFeaturesDone(result.outcome.features.length);
            return result.outcome;
          } catch (error) {
            return failedModel(model.model, `a worker's result was refused: ${firstLine(error)}`);
          }
        };
        const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
          finish(jobId, { value: returnvalue });
        const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
          finish(jobId, { failure: failedReason });
        events.on('completed', onCompleted);
        events.on('failed', onFailed);
        const sweep = async () => {
          for (const jobId of [...pending]) {
            const job = await Job.fromId(models, jobId);
            if (job?.finishedOn === undefined) continue;
            finish(
              jobId,
              (await job.isFailed()) ? { failure: job.failedReason } : { value: job.returnvalue },
            );
          }
        };
        const abort = () => wake();
        signal.addEventListener('abort', abort);
        const started = performance.now();
        let warned = false;
        try {
          await flows.add({
            name: 'run',
            queueName: runsQueueName(queue.name),
            data: { runId },
            opts: { jobId: runJobId(runId) },
            children: rows.map((model) => ({
              name: 'model',
              queueName: queue.name,
              data: signWire(
                'job',
                modelJobId(runId, model.model),
                { runId, database, model, settings: jobSettings(options), now } satisfies ModelJob,
                queue.secret,
              ),
              opts: {
                jobId: modelJobId(runId, model.model),
                attempts: queue.attempts,
                backoff: { type: 'exponential', delay: 1000 },
                // The run hears of a failed model and goes on; the parent only groups the run's jobs.
                ignoreDependencyOnFailure: true,
              },
            })),
          });
          while (!signal.aborted && (pending.size > 0 || ready.length > 0)) {
            const outcome = ready.shift();
            if (outcome !== undefined) {
              yield outcome;
              continue;
            }
            const woken = new Promise<void>((resolve) => {
              wake = resolve;
            });
            const timedOut = await Promise.race([woken.then(() => false), sleep(SWEEP_MS).then(() => true)]);
            if (!timedOut || signal.aborted) continue;
            await sweep();
            if (
              !warned &&
              pending.size === rows.length &&
              performance.now() - started > queue.noWorkerWarningMs
            ) {
              warned = true;
              if ((await models.getWorkersCount().catch(() => 0)) === 0) {
                queue.log(
                  `run ${runId}: no worker listens on queue '${queue.name}' at ${where}; waiting ` +
                    `(start one with: service-c worker --queue redis://${where} --queue-name ${queue.name})`,
                );
              }
            }
          }
        } finally {
          signal.removeEventListener('abort', abort);
          events.off('completed', onCompleted);
          events.off('failed', onFailed);
          await removeRun(runs, runId, pending.size > 0).catch((error: unknown) =>
            queue.log(
              `run ${runId}: could not remove its jobs from queue '${queue.name}': ${firstLine(error)}`,
            ),
          );
        }
      },
      close,
    };
  };
}

/** What a worker needs of the run's options (the rest is the coordinator's). */
function jobSettings(options: Parameters<CreateAnalyser>[0]['options']): ModelJob['settings'] {
  const { schema, windows, maxRowsPerWindow, compare, seasonality, duckdbThreads, duckdbMemoryLimit } =
    options;
  return { schema, windows, maxRowsPerWindow, compare, seasonality, duckdbThreads, duckdbMemoryLimit };
}

/**
 * Removes the run's flow from Redis; with `unfinished`, first the jobs no worker has taken yet. A job a worker
 * is running stays with it and ends unheard: nobody writes its result.
 */
async function removeRun(runs: Queue, runId: string, unfinished: boolean): Promise<void> {
  const parent = await Job.fromId(runs, runJobId(runId));
  if (parent === undefined) return;
  if (unfinished) await parent.removeUnprocessedChildren();
  await runs.remove(runJobId(runId), { removeChildren: true });
}
