import type { LabelledWindow } from './result.js';

/**
 * A window's events whose prediction and label are both finite (their hours with them), and how many were
 * not: a NaN or an infinity counts as missing, as it does in a feature (and a NaN score would stall the AUC
 * walk, whose ties are found by equality). The window itself when every event is finite.
 */
export function finiteEvents(window: LabelledWindow): { window: LabelledWindow; missing: number } {
  const { predictions, labels, hours } = window;
  const keep = (i: number) => Number.isFinite(predictions[i]) && Number.isFinite(labels[i]);
  let kept = 0;
  for (let i = 0; i < labels.length; i++) if (keep(i)) kept++;
  if (kept === labels.length) return { window, missing: 0 };
  const finite: LabelledWindow = { predictions: new Float64Array(kept), labels: new Float64Array(kept) };
  if (hours !== undefined) finite.hours = new Float64Array(kept);
  for (let i = 0, k = 0; i < labels.length; i++) {
    if (!keep(i)) continue;
    finite.predictions[k] = predictions[i] as number;
    if (finite.hours !== undefined) finite.hours[k] = hours?.[i] as number;
    finite.labels[k++] = labels[i] as number;
  }
  return { window: finite, missing: labels.length - kept };
}
