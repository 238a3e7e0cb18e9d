import { firstLine } from '../util/firstLine.js';
import type { ModelOutcome } from './outcome.js';

/** The outcome of a model that could not be analysed: status 'error', the reason's first line. */
export function failedModel(model: string, error: unknown): ModelOutcome {
  return {
    model,
    status: 'error',
    score: null,
    scoreSource: null,
    features: [],
    prediction: null,
    performance: null,
    error: firstLine(error),
    rowsAnalyzed: 0,
    rowsRead: 0,
    baseline: null,
    baselineProfiles: [],
  };
}
