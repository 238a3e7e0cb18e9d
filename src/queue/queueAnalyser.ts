import { resolve } from 'node:path';
import type { CreateAnalyser } from '../run/modelAnalyser.js';
import { modelOptions } from '../run/modelOptions.js';
import type { QueueOptions, RunOptions } from '../run/options.js';
import { awaitOutcomes } from './awaitOutcomes.js';
import { checkQueueRedis } from './checkQueueRedis.js';
import { keepAlive, removeDeadRuns } from './deadRuns.js';
import { type JobSettings, jobSettingNames } from './modelJob.js';
import { openQueueConnections } from './queueConnections.js';
import type { QueueRun } from './queueRun.js';
import { type ReadIdentity, readIdentity } from './readIdentity.js';

/**
 * Models analysed by `service-c worker` processes: one BullMQ flow per run, a parent job (on a queue no worker
 * takes from) with a signed child job per model. The run computes nothing itself; it gets each outcome as a
 * worker returns it, checked against its job. Only this run, the one owning the run id, turns the results
 * into rows: jobs left behind by a run that died are never written, and the next run removes them.
 */
export function queueAnalyser(queue: QueueOptions): CreateAnalyser {
  return async ({ runId, options, engine, dataRoot, signal, timings, onFeaturesDone }) => {
    await checkQueueRedis(queue.url, queue.tls);
    const redis = await openQueueConnections(queue);
    let alive: { stop(): void };
    try {
      alive = await keepAlive(redis.runs, runId);
      await removeDeadRuns(redis.runs, queue.log);
    } catch (error) {
      await redis.close();
      throw error;
    }
    // Workers open the file by this path, from their own working directories.
    const database = resolve(options.database as string);
    const now = options.now();
    // Each job carries its model's effective options: the worker reads by them as a local run would.
    const settings = new Map(
      Object.keys(options.models).map((name) => [name, jobSettings(modelOptions(options, name))]),
    );
    const runSettings = jobSettings(options);
    const identities = new Map<string, ReadIdentity>();
    const run: QueueRun = {
      queue,
      redis,
      runId,
      signal,
      jobOf: (model) => ({
        runId,
        database,
        model,
        settings: settings.get(model.model) ?? runSettings,
        now,
        identity: identities.get(model.model) as ReadIdentity,
      }),
      onResult: ({ outcome, workMs, computeMs }) => {
        // Everything in the worker but compute counts as reading: opening the file, waiting for it, the
        // schema lookups and the reads.
        timings.readMs += workMs - computeMs;
        timings.computeMs += computeMs;
        onFeaturesDone(outcome.features.length);
      },
    };
    return {
      async *outcomes(rows) {
        // What each job reads, as this process sees it now: a worker on another mount must see the same.
        for (const model of rows) {
          identities.set(model.model, await readIdentity(engine, model, options.schema, dataRoot));
        }
        yield* awaitOutcomes(run, rows);
      },
      close: async () => {
        alive.stop();
        await redis.close();
      },
    };
  };
}

/** What a worker needs of the run's options (the rest is the coordinator's). */
function jobSettings(options: RunOptions): JobSettings {
  return Object.fromEntries(jobSettingNames.map((name) => [name, options[name]])) as JobSettings;
}
