import type { Engine } from '../engine/engine.js';
import { type BaselineRow, baselineColumns } from './baselineColumns.js';
import type { BaselineProfile } from './baselineProfile.js';
import { packSample } from './packSample.js';
import { profileChecksum } from './profileChecksum.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { storedSample } from './storedSample.js';

/** A profile as a run stores it. */
export interface StoredProfile extends BaselineProfile {
  runId: string;
  at: Date;
}

/**
 * Replaces the stored profiles of each (model, target) given by these: the older ones go, those of columns
 * no longer asked included. Runs inside the caller's transaction. A phase's sample is bound as one BLOB.
 */
export async function writeBaselines(
  engine: Engine,
  table: string,
  profiles: readonly StoredProfile[],
): Promise<void> {
  const name = quoteIdentifier(table);
  const replaced = new Map(
    profiles.map((p) => [JSON.stringify([p.model, p.target]), [p.model, p.target] as const]),
  );
  for (const [model, target] of replaced.values()) {
    await engine.run(`DELETE FROM ${name} WHERE model_name = ? AND target = ?`, [model, target]);
  }
  const names = baselineColumns.map(([column]) => quoteIdentifier(column)).join(', ');
  const row = `(${baselineColumns.map(([, type]) => `?::${type.replace(' NOT NULL', '')}`).join(', ')})`;
  // The rows go in a few statements, each up to STATEMENT_BYTES of samples: a weekly column has 169 rows,
  // and a statement per row cost a prepare each.
  let batch: BaselineRow[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await engine.run(
      `INSERT INTO ${name} (${names}) VALUES ${Array(batch.length).fill(row).join(', ')}`,
      batch.flatMap((stored) => baselineColumns.map(([, , value]) => value(stored))),
    );
    batch = [];
    bytes = 0;
  };
  for (const unpacked of inStoredOrder(profiles.flatMap(unpackedRows))) {
    const stored = await packedRow(unpacked);
    const size = stored.stored.byteLength;
    if (batch.length > 0 && bytes + size > STATEMENT_BYTES) await flush();
    batch.push(stored);
    bytes += size;
  }
  await flush();
}

/** The sample bytes bound in one INSERT of drift_baselines rows (at least one row each). */
const STATEMENT_BYTES = 2 ** 20;

/** The sample of a summary or a categorical phase: never NULL (see baselineColumns). */
const NO_SAMPLE = new Float64Array(0);

type UnpackedRow = Omit<BaselineRow, 'sample' | 'stored' | 'checksum'>;

/**
 * A profile's rows, not yet packed: its summary, then one per phase. Packing waits for the row's turn
 * (packedRow): every sample packed at once would be held packed beside their differences.
 */
function unpackedRows(profile: StoredProfile): UnpackedRow[] {
  const { model, target, column, cycle, definition, rowFingerprint, runId, at } = profile;
  const shared = {
    model,
    target,
    column,
    cycle,
    definition,
    rowFingerprint,
    kind: profile.phases.kind,
    runId,
    at,
  };
  const unsummed = { dispersion: null, windows: null, reason: null, firstTime: null, lastTime: null };
  const phaseRows =
    profile.phases.kind === 'numeric'
      ? [...profile.phases.values].map(([phase, values]) => ({
          ...shared,
          ...unsummed,
          phase,
          values,
          counts: null,
          keptRows: values.length,
        }))
      : [...profile.phases.counts].map(([phase, counts]) => ({
          ...shared,
          ...unsummed,
          phase,
          values: null,
          counts,
          keptRows: [...counts.counts.values()].reduce((a, b) => a + b, counts.missing),
        }));
  const summary = {
    ...shared,
    phase: null,
    values: null,
    counts: null,
    keptRows: profile.rows,
    firstTime: profile.firstTime,
    lastTime: profile.lastTime,
    dispersion: profile.dispersion,
    windows: profile.windows,
    reason: profile.reason,
  };
  return [summary, ...phaseRows];
}

/**
 * The rows in the order they are stored: by model, its summaries first, then its phase rows by cycle and
 * phase (the targets' and columns' order kept within), so that the rows an hourly run reads for a model,
 * one phase of each cycle, are neighbours: DuckDB reads a padded sample's overflow block (256 KB) whole,
 * and neighbours share it (format 5; on the hourly bench's store 17–18 MB read for 10.6 MB handed out,
 * in (target, column, phase) order 35–47 MB).
 */
function inStoredOrder(rows: UnpackedRow[]): UnpackedRow[] {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort(
    (a, b) =>
      text(a.model, b.model) ||
      (a.phase === null ? -1 : 0) - (b.phase === null ? -1 : 0) ||
      (a.phase === null || b.phase === null ? 0 : text(a.cycle, b.cycle) || a.phase - b.phase),
  );
}

/**
 * The row with its sample packed, as stored (a numeric phase's padded: storedSample), and its checksum (of
 * the values, not of their packing: the check on read is of what the run uses).
 */
async function packedRow(row: UnpackedRow): Promise<BaselineRow> {
  const sample = await packSample(row.values ?? NO_SAMPLE);
  const stored = row.values === null ? sample.bytes : storedSample(sample.bytes);
  return { ...row, sample, stored, checksum: await profileChecksum(row) };
}
