import type { LabelCounts } from '../compare/labelCounts.js';

/** What a drift_baselines row's checksum covers: whose it is, its phase, its payload and its figures. */
export interface ChecksumFields {
  model: string;
  target: string;
  column: string;
  phase: number | null;
  cycle: string;
  kind: string;
  keptRows: number;
  firstTime: number | null;
  lastTime: number | null;
  dispersion: number | null;
  windows: number | null;
  reason: string | null;
  counts: LabelCounts | null;
  values: Float64Array | null;
}

/**
 * SHA-256 (Web Crypto: Node, browsers and edge runtimes alike) of the row's fields as JSON, then its sample's
 * bytes: a value dropped, changed or moved to another column or phase no longer matches. It detects
 * tampering and corruption, not a forger who recomputes it.
 */
export async function profileChecksum(fields: ChecksumFields): Promise<string> {
  const { values, counts } = fields;
  const labels =
    counts === null
      ? null
      : [[...counts.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), counts.missing];
  // Named one by one, in this order: a row carries more fields than the checksum covers.
  const covered = [
    fields.model,
    fields.target,
    fields.column,
    fields.phase,
    fields.cycle,
    fields.kind,
    fields.keptRows,
    fields.firstTime,
    fields.lastTime,
    fields.dispersion,
    fields.windows,
    fields.reason,
    labels,
  ];
  const head = new TextEncoder().encode(JSON.stringify(covered));
  const sample =
    values === null ? new Uint8Array(0) : new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(head.length + sample.length);
  bytes.set(head);
  bytes.set(sample, head.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
