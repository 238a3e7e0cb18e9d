import type { ModelOutcome, ModelStatus } from '../run/outcome.js';

/** `--fail-on`: which model statuses make `run` exit 1 (cron and CI see them); `never` only reports. */
export type FailOn = 'error' | 'alert' | 'never';

export const failOnChoices: readonly FailOn[] = ['error', 'alert', 'never'];

const failing: Readonly<Record<FailOn, readonly ModelStatus[]>> = Object.freeze({
  error: ['error'],
  alert: ['error', 'alert'],
  never: [],
});

/** The models whose status fails the run under `failOn`, in the run's order. */
export function failingModels(models: readonly ModelOutcome[], failOn: FailOn): ModelOutcome[] {
  return models.filter((model) => failing[failOn].includes(model.status));
}
