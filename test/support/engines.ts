import type { EngineKind, EngineSettings } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/openEngine.js';
import { defaultRunOptions, engineSettings } from '../../src/run/options.js';

/** Both engines, for describe.each: the worker's integration tests run on each from the same file. */
export const engines: readonly EngineKind[] = ['node', 'wasm'];

/** The settings a run with this engine opens its database with. */
export const settingsOf = (engine: EngineKind): EngineSettings =>
  engineSettings({ ...defaultRunOptions, engine });

/** An engine of this kind on a database file, opened as a run would. */
export const openTestEngine = (path: string, engine: EngineKind) => openEngine(path, settingsOf(engine));
