import type { SqlParam } from '../engine/engine.js';
import type { BaselineProfile } from './baselineProfile.js';
import { doublesAsBytes } from './doubleBytes.js';

/** A profile as a run stores it. */
export interface StoredProfile extends BaselineProfile {
  runId: string;
  at: Date;
}

const time = (ms: number | null) => (ms === null ? null : new Date(ms));

/** drift_baselines: one row per (model, target, column); its name, SQL type and value for a profile. */
export const baselineColumns: readonly (readonly [string, string, (p: StoredProfile) => SqlParam])[] = [
  ['model_name', 'VARCHAR NOT NULL', (p) => p.model],
  ['target', 'VARCHAR NOT NULL', (p) => p.target],
  ['column_name', 'VARCHAR NOT NULL', (p) => p.column],
  ['definition', 'VARCHAR NOT NULL', (p) => p.definition],
  ['row_fingerprint', 'VARCHAR NOT NULL', (p) => p.rowFingerprint],
  ['kind', 'VARCHAR NOT NULL', (p) => p.values.kind],
  ['sample_values', 'BLOB', (p) => (p.values.kind === 'numeric' ? doublesAsBytes(p.values.values) : null)],
  [
    'label_counts',
    'MAP(VARCHAR, DOUBLE)',
    (p) => (p.values.kind === 'categorical' ? p.values.counts.counts : null),
  ],
  ['missing', 'DOUBLE', (p) => (p.values.kind === 'categorical' ? p.values.counts.missing : null)],
  ['kept_rows', 'BIGINT NOT NULL', (p) => p.rows],
  ['first_time', 'TIMESTAMP', (p) => time(p.firstTime)],
  ['last_time', 'TIMESTAMP', (p) => time(p.lastTime)],
  ['run_id', 'VARCHAR NOT NULL', (p) => p.runId],
  ['stored_at', 'TIMESTAMP NOT NULL', (p) => p.at],
];
