import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';
import { modelJobId } from './jobIds.js';
import { type Finished, jobOutcome } from './jobOutcome.js';
import { type Mailbox, mailbox } from './mailbox.js';
import type { ModelJobResult } from './modelJob.js';

/** A run's jobs: which are still unheard of, and the outcomes heard, to take in order. */
export interface RunJobs {
  /** The model of each job id of the run. */
  models: ReadonlyMap<string, ModelRow>;
  /** The job ids not heard of yet. */
  pending: ReadonlySet<string>;
  ready: Mailbox<ModelOutcome>;
  /** Records how a job ended, once: later news of it (a repeated event, a sweep) is ignored. */
  finish(jobId: string, finished: Finished): void;
  /** Whether an outcome is still to come or to take. */
  waiting(): boolean;
}

export function runJobs(
  runId: string,
  rows: readonly ModelRow[],
  secret: string,
  onResult: (result: ModelJobResult) => void,
): RunJobs {
  const models = new Map(rows.map((row) => [modelJobId(runId, row.model), row]));
  const pending = new Set(models.keys());
  const ready = mailbox<ModelOutcome>();
  return {
    models,
    pending,
    ready,
    finish(jobId, finished) {
      const model = models.get(jobId);
      if (model === undefined || !pending.delete(jobId)) return;
      const { outcome, result } = jobOutcome(jobId, model, finished, secret);
      if (result) onResult(result);
      ready.put(outcome);
    },
    waiting: () => pending.size > 0 || ready.size > 0,
  };
}
