import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import type { RunSummary } from './outcome.js';

export interface DriftRun {
  runId: string;
  /** Stops the run cleanly: the DuckDB query is interrupted, no model is half-written. */
  cancel(): void;
  /** Resolves when the run ends (also when cancelled); rejects when the database cannot be used. */
  done: Promise<RunSummary>;
}

/**
 * The runs under way, by database, for whoever owns it: runs on one database started through one registry
 * never overlap, a second start while one is active getting that run's handle. A file is known by its
 * identity, not by the name it was given; an engine by itself.
 */
export class RunRegistry {
  readonly #active = new Map<string | Engine, DriftRun>();

  /** The run active on `database`, or the one `start` begins, kept until its `done` settles. */
  runOn(database: string | Engine, start: () => DriftRun): DriftRun {
    const key = typeof database === 'string' ? fileIdentity(database) : database;
    const active = this.#active.get(key);
    if (active) return active;
    const run = start();
    this.#active.set(key, run);
    // Settled either way; `done` itself stays the caller's to handle.
    run.done.then(
      () => this.#active.delete(key),
      () => this.#active.delete(key),
    );
    return run;
  }

  /** How many runs are under way. */
  get size(): number {
    return this.#active.size;
  }
}

/** The file itself, however it is named (a symlink, a relative path, a hard link): its device and inode. */
function fileIdentity(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : resolve(path);
}
