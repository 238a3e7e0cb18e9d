// Where a model's performance task came from, as the headline performance row's message says it: written by
// the run, read by the page.

export type TaskSource = 'model_metadata' | 'inferred';

/** The headline row's message: `task binary_classification (inferred)` or `(model metadata)`. */
export const taskMessage = (task: string, source: TaskSource) => `task ${task} (${source.replace('_', ' ')})`;

/** Where a headline row's message says the task came from; null for any other message. */
export function taskSourceOf(message: string | null): TaskSource | null {
  const source = /^task \S+ \((inferred|model metadata)\)$/.exec(message ?? '')?.[1];
  return source === undefined ? null : (source.replace(' ', '_') as TaskSource);
}
