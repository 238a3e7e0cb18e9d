import { failedModel } from '../run/failedModel.js';
import type { ModelOutcome } from '../run/outcome.js';
import type { ModelRow } from '../store/productionModels.js';
import { firstLine } from '../util/firstLine.js';
import { checkJobResult } from './checkJobResult.js';
import type { ModelJobResult } from './modelJob.js';
import { openWire } from './signedWire.js';

/** How a job ended, as the queue tells it (a worker's return value, or why it failed). */
export type Finished = { value: unknown } | { failure: string };

/**
 * The model's outcome from how its job ended, with the worker's result when there is one. Nothing of a
 * result is taken unless its worker holds the secret and it fits the job: otherwise it is the model's error.
 */
export function jobOutcome(
  jobId: string,
  model: ModelRow,
  finished: Finished,
  secret: string,
): { outcome: ModelOutcome; result?: ModelJobResult } {
  if ('failure' in finished) return { outcome: failedModel(model.model, finished.failure) };
  try {
    const result = checkJobResult(openWire('result', jobId, finished.value, secret), model);
    return { outcome: result.outcome, result };
  } catch (error) {
    return { outcome: failedModel(model.model, `a worker's result was refused: ${firstLine(error)}`) };
  }
}
