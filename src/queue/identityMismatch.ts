import type { Schema } from '../run/options.js';
import type { ModelRow } from '../store/productionModels.js';
import type { ReadIdentity, SourceIdentity } from './readIdentity.js';

/**
 * Why the rows a worker sees are not those its job was made from, in one line, or null when they are. Both
 * sides unable to read a source is no difference: the analysis says why in its own words.
 */
export function identityMismatch(
  job: ReadIdentity,
  here: ReadIdentity,
  model: ModelRow,
  schema: Schema,
): string | null {
  const differences = [
    difference(`feature table ${JSON.stringify(model.featureTable)}`, job.features, here.features),
    difference(`the model's rows of ${JSON.stringify(schema.modelEvents)}`, job.events, here.events),
  ].filter((line) => line !== null);
  if (differences.length === 0) return null;
  return (
    `not computed: the worker sees other data than the run's coordinator (another file at the same path, ` +
    `or changed since the run began): ${differences.join('; ')}`
  );
}

function difference(what: string, job: SourceIdentity, here: SourceIdentity): string | null {
  if ('unreadable' in job && 'unreadable' in here) return null;
  if ('unreadable' in here)
    return `${what} cannot be read here (${here.unreadable}), the coordinator read it`;
  if ('unreadable' in job) return `${what} is read here, the coordinator could not (${job.unreadable})`;
  if (here.rows !== job.rows) return `${what} has ${here.rows} rows here, ${job.rows} at the coordinator`;
  if (here.checksum !== job.checksum) return `${what} has the same ${here.rows} rows with other values`;
  return null;
}
