import type { LabelCounts } from '../compare/labelCounts.js';
import type { SqlParam } from '../engine/engine.js';
import type { PackedSample } from './packSample.js';

/** One row of drift_baselines: a column's summary (phase null) or one phase of it. */
export interface BaselineRow {
  model: string;
  target: string;
  column: string;
  phase: number | null;
  cycle: string;
  definition: string;
  rowFingerprint: string;
  kind: 'numeric' | 'categorical';
  values: Float64Array | null;
  /** `values` packed, or an empty sample packed when there are none (see baselineRows). */
  sample: PackedSample;
  /** What sample_values holds: a numeric phase's sample padded (storedSample), any other as packed. */
  stored: Uint8Array;
  counts: LabelCounts | null;
  keptRows: number;
  firstTime: number | null;
  lastTime: number | null;
  dispersion: number | null;
  windows: number | null;
  reason: string | null;
  checksum: string;
  runId: string;
  at: Date;
}

const time = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * drift_baselines (format 5): one row per (model, target, column, phase), the column's summary with phase
 * NULL; its name, SQL type and value for a row. Format 3 is format 2 with sample_values NOT NULL: one NULL
 * in a row group's BLOB column makes DuckDB read every BLOB of a 2,048-row vector to hand out one (its
 * validity is then stored uncompressed, and such a column has no selective scan), so a summary's or a
 * categorical phase's sample is an empty one packed. Format 4 is format 3 with the samples packed
 * losslessly (packSample), their sample_encoding and sample_bytes (their size). Format 5 is format 4 with
 * a numeric phase's packed sample followed by zeros up to 4,096 bytes (storedSample: DuckDB then reads
 * only the samples a query hands out, not every one of their 2,048-row vector), packed_bytes its packed
 * size in place of sample_bytes (it plans a run's reads without reading them, and says where the zeros
 * start), and a model's phase rows stored by cycle and phase, so that those an hourly run needs are
 * neighbours (writeBaselines).
 */
export const baselineColumns: readonly (readonly [string, string, (r: BaselineRow) => SqlParam])[] = [
  ['model_name', 'VARCHAR NOT NULL', (r) => r.model],
  ['target', 'VARCHAR NOT NULL', (r) => r.target],
  ['column_name', 'VARCHAR NOT NULL', (r) => r.column],
  ['phase', 'INTEGER', (r) => r.phase],
  ['cycle', 'VARCHAR NOT NULL', (r) => r.cycle],
  ['definition', 'VARCHAR NOT NULL', (r) => r.definition],
  ['row_fingerprint', 'VARCHAR NOT NULL', (r) => r.rowFingerprint],
  ['kind', 'VARCHAR NOT NULL', (r) => r.kind],
  ['sample_values', 'BLOB NOT NULL', (r) => r.stored],
  ['sample_encoding', 'VARCHAR NOT NULL', (r) => r.sample.encoding],
  ['packed_bytes', 'BIGINT NOT NULL', (r) => r.sample.bytes.byteLength],
  ['label_counts', 'MAP(VARCHAR, DOUBLE)', (r) => r.counts?.counts ?? null],
  ['missing', 'DOUBLE', (r) => r.counts?.missing ?? null],
  ['kept_rows', 'BIGINT NOT NULL', (r) => r.keptRows],
  ['first_time', 'TIMESTAMP', (r) => time(r.firstTime)],
  ['last_time', 'TIMESTAMP', (r) => time(r.lastTime)],
  ['dispersion', 'DOUBLE', (r) => r.dispersion],
  ['gate_windows', 'INTEGER', (r) => r.windows],
  ['seasonality_reason', 'VARCHAR', (r) => r.reason],
  ['checksum', 'VARCHAR NOT NULL', (r) => r.checksum],
  ['run_id', 'VARCHAR NOT NULL', (r) => r.runId],
  ['stored_at', 'TIMESTAMP NOT NULL', (r) => r.at],
];
