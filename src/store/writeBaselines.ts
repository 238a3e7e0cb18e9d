import type { Engine } from '../engine/engine.js';
import { type BaselineRow, baselineColumns } from './baselineColumns.js';
import type { BaselineProfile } from './baselineProfile.js';
import { profileChecksum } from './profileChecksum.js';
import { quoteIdentifier } from './quoteIdentifier.js';

/** A profile as a run stores it. */
export interface StoredProfile extends BaselineProfile {
  runId: string;
  at: Date;
}

/**
 * Replaces the stored profiles of each (model, target) given by these: the older ones go, those of columns
 * no longer asked included. Runs inside the caller's transaction. One statement per row: a phase's sample
 * is bound as one BLOB.
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
  const values = baselineColumns.map(([, type]) => `?::${type.replace(' NOT NULL', '')}`).join(', ');
  for (const profile of profiles) {
    for (const row of await baselineRows(profile)) {
      await engine.run(
        `INSERT INTO ${name} (${names}) VALUES (${values})`,
        baselineColumns.map(([, , value]) => value(row)),
      );
    }
  }
}

/** A profile's rows: its summary, then one per phase, each with its checksum. */
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
  return Promise.all(
    [summary, ...phaseRows].map(async (row) => ({ ...row, checksum: await profileChecksum(row) })),
  );
}
