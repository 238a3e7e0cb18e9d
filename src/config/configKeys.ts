import type { QueueOptions, RunOptions } from '../run/options.js';

/** What a configuration file may hold of a run's options: its data, not its callbacks nor its clock. */
export const fileRunKeys = [
  'database',
  'dataRoot',
  'engine',
  'schema',
  'windows',
  'maxRowsPerWindow',
  'compare',
  'seasonality',
  'performance',
  'lockWaitMs',
  'threads',
  'duckdbThreads',
  'duckdbMemoryLimit',
  'niceness',
  'retention',
  'outbox',
  'queue',
  'models',
  'timestampUnit',
  'categorical',
] as const satisfies readonly (keyof RunOptions)[];

/** A queue's settings a file may hold: its shared secret only ever comes from SERVICE_C_QUEUE_SECRET. */
export const fileQueueKeys = [
  'url',
  'name',
  'attempts',
  'noWorkerWarningMs',
  'outageMs',
] as const satisfies readonly (keyof QueueOptions)[];
