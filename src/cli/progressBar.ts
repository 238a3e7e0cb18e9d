import type { RunProgress } from '../run/options.js';

/** One line redrawn in place, for a terminal. */
export function progressLine(progress: RunProgress, width = 30): string {
  const done = progress.featuresTotal === 0 ? 1 : progress.featuresDone / progress.featuresTotal;
  const filled = Math.round(done * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] models ${progress.modelsDone}/${progress.modelsTotal}, features ${progress.featuresDone}/${progress.featuresTotal}`;
}
