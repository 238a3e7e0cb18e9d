import type { Engine } from '../engine/engine.js';
import { baselineColumns, type StoredProfile } from './baselineColumns.js';
import { quoteIdentifier } from './quoteIdentifier.js';

/**
 * Replaces the stored profiles of each (model, target) given by these: the older ones go, those of columns
 * no longer asked included. Runs inside the caller's transaction. One statement per profile: a sample is
 * up to `maxRowsPerWindow` doubles, bound as one BLOB.
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
    await engine.run(
      `INSERT INTO ${name} (${names}) VALUES (${values})`,
      baselineColumns.map(([, , value]) => value(profile)),
    );
  }
}
