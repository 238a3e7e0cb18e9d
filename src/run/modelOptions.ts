import type { RunOptions } from './options.js';

/** A model's effective options: the run's, with its own overrides (already merged whole) on top. */
export function modelOptions(options: RunOptions, model: string): RunOptions {
  return { ...options, ...options.models[model] };
}
