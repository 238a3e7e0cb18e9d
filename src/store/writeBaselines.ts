import type { Engine } from '../engine/engine.js';
import { type BaselineRow, baselineColumns } from './baselineColumns.js';
import type { BaselineProfile } from './baselineProfile.js';
import { packSample } from './packSample.js';
import { profileChecksum } from './profileChecksum.js';
import { quoteIdentifier } from './quoteIdentifier.js';

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
  for (const profile of profiles) {
    // A profile's rows go in a few statements, each up to STATEMENT_BYTES of samples: a weekly column has
    // 169 rows, and a statement per row cost a prepare each.
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
    for (const stored of await baselineRows(profile)) {
      const size = stored.sample.bytes.byteLength;
      if (batch.length > 0 && bytes + size > STATEMENT_BYTES) await flush();
      batch.push(stored);
      bytes += size;
    }
    await flush();
  }
}

/** The sample bytes bound in one INSERT of drift_baselines rows (at least one row each). */
const STATEMENT_BYTES = 2 ** 20;

/** The sample of a summary or a categorical phase: never NULL (see baselineColumns). */
const NO_SAMPLE = new Float64Array(0);

/**
 * A profile's rows: its summary, then one per phase, each with its sample packed and its checksum (of the
 * values, not of their packing: the check on read is of what the run uses).
 */
async function baselineRows(profile: StoredProfile): Promise<BaselineRow[]> {
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
  // One row at a time: every sample at once would hold all of them packed and their differences besides.
  const rows: BaselineRow[] = [];
  for (const row of [summary, ...phaseRows]) {
    const sample = await packSample(row.values ?? NO_SAMPLE);
    rows.push({ ...row, sample, checksum: await profileChecksum(row) });
  }
  return rows;
}
