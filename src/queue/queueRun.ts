// A queue run's shared shape: awaitOutcomes and the job sweeper it starts both look down to it.
import type { QueueOptions } from '../run/options.js';
import type { ModelRow } from '../store/productionModels.js';
import type { ModelJob, ModelJobResult } from './modelJob.js';
import type { QueueConnections } from './queueConnections.js';

/** One run on the queue, as its coordinator sees it. */
export interface QueueRun {
  queue: QueueOptions;
  redis: QueueConnections;
  runId: string;
  signal: AbortSignal;
  /** The payload of a model's job. */
  jobOf(model: ModelRow): ModelJob;
  /** Each result that passed its checks, as it comes. */
  onResult(result: ModelJobResult): void;
}
