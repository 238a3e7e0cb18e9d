import { fetchWindows } from '../store/fetchWindows.js';
import type { FetchedWindow, RowSet } from '../store/types.js';
import type { RunContext } from './types.js';
import { windowInfo } from './windowPlan.js';
import { windowSources } from './windowSources.js';

/**
 * The current window of a model's events, labelled or not (the prediction's current window), with its
 * predictions and labels: a NULL label reads as NaN. What the estimated performance is computed on.
 */
export async function readCurrentEvents(context: RunContext, events: RowSet) {
  const { engine, options } = context;
  const { prediction, label } = options.schema;
  const readStart = performance.now();
  const { current } = await windowSources(engine, events, options);
  const columns = new Map([
    [prediction, 'numeric'],
    [label, 'numeric'],
  ] as const);
  const [window] = (await fetchWindows(engine, [current], columns)) as [FetchedWindow];
  context.timings.readMs += performance.now() - readStart;
  return {
    events: {
      predictions: window.numeric.get(prediction) as Float64Array,
      labels: window.numeric.get(label) as Float64Array,
    },
    info: windowInfo(current, window),
  };
}
