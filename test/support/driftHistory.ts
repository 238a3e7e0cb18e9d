import { defaultSchema } from '../../src/run/options.js';
import { ensureDriftSchema } from '../../src/store/ensureDriftSchema.js';
import { ensureOutbox } from '../../src/store/ensureOutbox.js';
import { openTestEngine } from './engines.js';
import { execute, literal, METADATA_DDL } from './platformDatabase.js';

/** One model's run in a made-up history: `features` feature rows and the model's own row. */
export interface PastRun {
  model: string;
  run: string;
  at: Date;
  features?: number;
  /** Still in the outbox (never published); otherwise stamped published a second later. */
  pending?: boolean;
}

/** A store with model_metadata, drift_results and the outbox, as a run leaves them, holding `runs`. */
export async function createHistory(path: string, runs: PastRun[]) {
  await execute(path, METADATA_DDL);
  const opened = await openTestEngine(path, 'node');
  try {
    await ensureDriftSchema(opened, defaultSchema);
    await ensureOutbox(opened, defaultSchema);
  } finally {
    await opened.close();
  }
  await execute(path, ...runs.flatMap(pastRunSql));
}

function pastRunSql({ model, run, at, features = 2, pending = false }: PastRun): string[] {
  const time = `make_timestamp(${at.getTime() * 1000}::BIGINT)`;
  const published = pending ? 'NULL' : `${time} + INTERVAL 1 SECOND`;
  const columns = 'run_id, model_name, feature, target, model_score, status, computed_at, published_at';
  const common = `${literal(run)}, ${literal(model)}`;
  return [
    `INSERT INTO drift_results (${columns}) SELECT ${common}, 'f' || i, 'feature', NULL, 'ok', ${time}, ${published}
     FROM range(${features}) t(i)`,
    `INSERT INTO drift_results (${columns}) VALUES (${common}, NULL, 'model', 0.5, 'ok', ${time}, ${published})`,
    ...(pending ? [`INSERT INTO drift_outbox VALUES (${common}, ${time}, 'ok', 0.5)`] : []),
  ];
}
