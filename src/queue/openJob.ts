import { resolve } from 'node:path';
import type { RunOptions, TimeRange } from '../run/options.js';
import { resolveRunOptions } from '../run/options.js';
import type { ModelRow } from '../store/productionModels.js';
import { checkOptions, date, list, optional, shape, text, valid } from '../util/optionRules.js';
import { type JobSettings, jobSettingNames, type ModelJob } from './modelJob.js';
import type { ReadIdentity } from './readIdentity.js';
import { openWire } from './signedWire.js';

/** What a worker allows a job. */
export interface JobGate {
  secret: string;
  /** The database files this worker may read, as absolute paths. */
  databases: readonly string[];
}

const given = valid((value) => value !== undefined, 'given');

const sourceIdentity = valid((value) => {
  const side = value as { rows?: unknown; checksum?: unknown; unreadable?: unknown } | null;
  if (typeof side !== 'object' || side === null) return false;
  const keys = Object.keys(side).sort().join();
  return keys === 'unreadable'
    ? typeof side.unreadable === 'string'
    : keys === 'checksum,rows' &&
        Number.isSafeInteger(side.rows) &&
        /^\d+( \d+)*$/.test(String(side.checksum));
}, 'rows and a checksum, or why it is unreadable');

// The payload's shape; the settings' values are then checked by the run's own rules.
const jobRules = shape<ModelJob>({
  runId: text,
  database: text,
  model: shape<ModelRow>({
    model: valid((value) => typeof value === 'string', 'a string'),
    features: list(text),
    featureTable: text,
    timestampColumn: text,
    baseline: optional(shape<TimeRange>({ from: date, to: date })),
    refused: optional(text),
  }),
  settings: shape<JobSettings>(
    Object.fromEntries(jobSettingNames.map((name) => [name, given])) as Record<
      keyof JobSettings,
      typeof given
    >,
  ),
  now: date,
  identity: shape<ReadIdentity>({ features: sourceIdentity, events: sourceIdentity }),
});

/**
 * A job's payload as a worker may run it, with the run options it reads by: signed with the queue's secret
 * for this job id, of a coordinator's shape, its settings passing the same rules as `startServiceC`'s
 * options, and its database one of the worker's. Anything else throws one line, and nothing is read.
 */
export function openJob(jobId: string, data: unknown, gate: JobGate): { job: ModelJob; options: RunOptions } {
  const job = openWire('job', jobId, data, gate.secret) as ModelJob;
  checkOptions(job, jobRules, 'job');
  if (!gate.databases.includes(job.database)) {
    throw new RangeError(
      `job for database ${JSON.stringify(job.database)}: this worker reads only ${gate.databases
        .map((path) => JSON.stringify(path))
        .join(', ')} (--db)`,
    );
  }
  const options = resolveRunOptions(
    { ...job.settings, database: resolve(job.database), engine: 'node', threads: 1, now: () => job.now },
    1,
  );
  return { job, options };
}
