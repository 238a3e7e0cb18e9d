import type { RunOptions } from '../run/options.js';

/** What an exporter plugs into a run. */
export type RunHooks = Pick<RunOptions, 'onRunStart' | 'onModelWritten'>;

/** One set of hooks calling each given set in order, each awaited before the next. */
export function combineHooks(...all: readonly RunHooks[]): Required<RunHooks> {
  return {
    onRunStart: async (event) => {
      for (const hooks of all) await hooks.onRunStart?.(event);
    },
    onModelWritten: async (event) => {
      for (const hooks of all) await hooks.onModelWritten?.(event);
    },
  };
}

/** Hooks whose failures are reported and swallowed: an optional exporter must not fail the run. */
export function guardHooks(hooks: RunHooks, report: (error: unknown) => void): Required<RunHooks> {
  const guard =
    <E>(hook: ((event: E) => Promise<void> | void) | undefined) =>
    async (event: E) => {
      try {
        await hook?.(event);
      } catch (error) {
        report(error);
      }
    };
  return { onRunStart: guard(hooks.onRunStart), onModelWritten: guard(hooks.onModelWritten) };
}
