import {
  DRIFT_EVENT_SCHEMA_VERSION,
  type DriftEvent,
  type DriftEventStatus,
  type DriftThresholds,
  type EstimatedPerformanceSummary,
  type FeatureSummary,
  type PerformanceSummary,
  type TimeRange,
} from './driftEvent.js';
import { DriftEventError } from './driftEventError.js';

const statuses: readonly string[] = ['ok', 'warning', 'alert', 'insufficient_data', 'error'];

/**
 * A stream entry's fields (as ioredis gives them: a flat [field, value, ...] list, or an object such as
 * HGETALL's) as a DriftEvent. Entries of every schema version up to this build's are read; a newer one, a
 * missing field or a value of the wrong form is a DriftEventError naming the field.
 */
export function parseDriftEvent(entry: readonly string[] | Readonly<Record<string, string>>): DriftEvent {
  const fields = Array.isArray(entry) ? pairs(entry as readonly string[]) : (entry as Record<string, string>);
  const has = (name: string) => Object.hasOwn(fields, name);
  const field = (name: string): string => {
    const value = fields[name];
    if (!has(name) || typeof value !== 'string') throw new DriftEventError(`drift event: no ${name} field`);
    return value;
  };
  const optional = (name: string) => (has(name) ? field(name) : '');
  const json = <T>(name: string, text = optional(name)): T | null => {
    if (text === '') return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DriftEventError(`drift event: ${name} is not JSON: ${text.slice(0, 80)}`);
    }
  };
  const schemaVersion = has('schema_version') ? Number(field('schema_version')) : 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > DRIFT_EVENT_SCHEMA_VERSION) {
    throw new DriftEventError(
      `drift event: schema_version ${field('schema_version')} is not one this build reads (1 to ${DRIFT_EVENT_SCHEMA_VERSION})`,
    );
  }
  const status = field('status');
  if (!statuses.includes(status)) throw new DriftEventError(`drift event: unknown status '${status}'`);
  const score = field('score');
  const scoreSource = optional('score_source');
  if (scoreSource !== '' && scoreSource !== 'prediction' && scoreSource !== 'max_feature_psi') {
    throw new DriftEventError(`drift event: unknown score_source '${scoreSource}'`);
  }
  const windows = json<{ reference: TimeRange | null; current: TimeRange | null }>('windows');
  const range = (r: TimeRange | null | undefined) =>
    r ? { from: date('windows', r.from), to: date('windows', r.to) } : null;
  return {
    schemaVersion,
    runId: field('run_id'),
    model: field('model'),
    status: status as DriftEventStatus,
    message: optional('message') || null,
    score: score === '' ? null : number('score', score),
    scoreSource: scoreSource === '' ? null : scoreSource,
    computedAt: date('computed_at', field('computed_at')),
    windows: { reference: range(windows?.reference), current: range(windows?.current) },
    thresholds: json<DriftThresholds>('thresholds'),
    features: json<Record<string, FeatureSummary>>('features', field('features')) ?? {},
    prediction: json<FeatureSummary>('prediction'),
    performance: json<PerformanceSummary>('performance'),
    performanceEstimated: json<EstimatedPerformanceSummary>('performance_estimated'),
  };
}

function pairs(flat: readonly string[]): Record<string, string> {
  // fromEntries defines own properties: a field called "__proto__" stays a field.
  return Object.fromEntries(
    Array.from({ length: Math.floor(flat.length / 2) }, (_, i) => [flat[2 * i], flat[2 * i + 1]]),
  );
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new DriftEventError(`drift event: ${name} is not a number: '${text}'`);
  return value;
}

function date(name: string, text: string): Date {
  const value = new Date(text);
  if (Number.isNaN(value.getTime()))
    throw new DriftEventError(`drift event: ${name} is not a date: '${text}'`);
  return value;
}
