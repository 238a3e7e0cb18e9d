import type { Engine, EngineSettings } from '../engine/engine.js';
import { openEngine } from '../engine/openEngine.js';
import { fileVersion } from './fileVersion.js';

export interface StoreCacheOptions {
  database: string;
  settings: EngineSettings;
  /** How many answers it keeps per version of the file; the oldest go first. */
  maxEntries: number;
}

interface Lease {
  engine: Promise<Engine>;
  users: number;
}

/**
 * Answers computed from a database file, kept until the file changes (see fileVersion), so that a request
 * costs a stat of the file and its log instead of an open (hundreds of ms with hundreds of tables in the
 * catalog). Reads that overlap share one engine; it is closed when the last of them ends, before that read
 * answers, so that between reads this process holds no lock on the file: a cron `run` beside an open
 * dashboard finds it free.
 */
export class StoreCache {
  readonly #options: StoreCacheOptions;
  #version: string | undefined;
  readonly #answers = new Map<string, Promise<unknown>>();
  #lease: Lease | undefined;

  constructor(options: StoreCacheOptions) {
    this.#options = options;
  }

  /** The answer under `key` for the file as it is now: computed once per version, failures not kept. */
  async read<T>(key: string, compute: (engine: Engine) => Promise<T>): Promise<T> {
    const version = await fileVersion(this.#options.database);
    if (version !== this.#version) {
      this.#answers.clear();
      this.#version = version;
    }
    const kept = this.#answers.get(key) as Promise<T> | undefined;
    if (kept !== undefined) return kept;
    const answer = this.use(compute);
    this.#answers.set(key, answer);
    this.#trim();
    answer.catch(() => {
      if (this.#answers.get(key) === answer) this.#answers.delete(key);
    });
    return answer;
  }

  /**
   * Keeps answers computed together ahead of their requests (in one query rather than one each), unless
   * the file changed meanwhile; answers already kept stay.
   */
  async fill(compute: (engine: Engine) => Promise<Iterable<readonly [string, unknown]>>): Promise<void> {
    const version = this.#version;
    const entries = await this.use(compute);
    if (version !== this.#version || version !== (await fileVersion(this.#options.database))) return;
    for (const [key, value] of entries) {
      if (!this.#answers.has(key)) this.#answers.set(key, Promise.resolve(value));
    }
    this.#trim();
  }

  /** Runs `use` on the shared engine, opened when none is, and closed once no read uses it. */
  async use<T>(use: (engine: Engine) => Promise<T>): Promise<T> {
    const lease = this.#lease ?? this.#open();
    lease.users++;
    try {
      return await use(await lease.engine);
    } finally {
      lease.users--;
      if (lease.users === 0) await this.#release(lease);
    }
  }

  /** Closes the engine now, if one is open. */
  async close(): Promise<void> {
    if (this.#lease !== undefined) await this.#release(this.#lease);
  }

  /** Drops the oldest answers beyond maxEntries. */
  #trim(): void {
    for (const key of this.#answers.keys()) {
      if (this.#answers.size <= this.#options.maxEntries) return;
      this.#answers.delete(key);
    }
  }

  #open(): Lease {
    const lease: Lease = { engine: openEngine(this.#options.database, this.#options.settings), users: 0 };
    this.#lease = lease;
    lease.engine.catch(() => {
      if (this.#lease === lease) this.#lease = undefined;
    });
    return lease;
  }

  async #release(lease: Lease): Promise<void> {
    if (this.#lease === lease) this.#lease = undefined;
    const engine = await lease.engine.catch(() => undefined);
    await engine?.close();
  }
}
