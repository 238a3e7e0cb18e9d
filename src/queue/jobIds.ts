import { createHash } from 'node:crypto';

// BullMQ job ids must not contain ':' nor be all digits; a model name may be anything, so its job id holds a
// hash of it. The run id (a UUID) keeps ids of different runs apart.

/** The id of a run's parent job. */
export const runJobId = (runId: string) => `run-${runId}`;

/** The id of the job of one model of a run. */
export const modelJobId = (runId: string, model: string) =>
  `${runId}-${createHash('sha256').update(model).digest('hex').slice(0, 32)}`;
