import type { ModelPerformance } from '../api/dashboard.js';
import { formatCount } from './dom.js';

const labelledEvents = (n: number) =>
  n === 0 ? 'no labelled events' : `only ${formatCount(n)} labelled event${n === 1 ? '' : 's'}`;

/**
 * Why a model's performance is insufficient data, in words; null when it is not. A window without an AUC
 * although it has labelled events holds one class only; otherwise some window had fewer labelled events than
 * the run's minimum. drift_results does not keep that minimum, but the smaller window is certainly below it.
 */
export function insufficientReason(performance: ModelPerformance): string | null {
  if (performance.status !== 'insufficient_data') return null;
  const headline = performance.metrics[0];
  const windows = (['reference', 'current'] as const).map((name) => ({
    name,
    events: performance[name].events,
    value: headline?.[name] ?? null,
  }));
  const oneClass = windows.filter((w) => w.value === null && (w.events ?? 0) > 0);
  if (performance.task === 'binary_classification' && oneClass.length > 0) {
    const which = oneClass.length === 2 ? 'Both windows hold' : `The ${oneClass[0]?.name} window holds`;
    return `${which} labels of one class only, so there is no AUC to compare.`;
  }
  const counted = windows.flatMap(({ name, events }) => (events === null ? [] : [{ name, events }]));
  if (counted.length === 0) return 'Too few labelled events to compare.';
  const smaller = counted.reduce((least, w) => (w.events < least.events ? w : least));
  return `Too few labelled events: the ${smaller.name} window has ${labelledEvents(smaller.events)}, fewer than the run's minimum (performance.minEvents).`;
}
