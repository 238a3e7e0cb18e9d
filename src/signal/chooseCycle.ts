import { chiSquareTable } from '../stats/chiSquareTable.js';
import { extent } from '../util/extent.js';
import { type Cycle, phaseOf, type Seasonality } from './cycle.js';
import { formatFigure } from './formatFigure.js';
import { type HourBins, sumHourBins, total } from './hourBins.js';

export interface CycleChoice {
  cycle: Cycle;
  /** Why, in words a reader can check against the reference. */
  reason: string;
}

export interface CycleThresholds {
  /** A cycle is present when its groups' chi-square homogeneity p-value is below this ... */
  seasonalityPValue: number;
  /** ... and the largest group-vs-whole PSI is at least this. */
  seasonalityMinPsi: number;
  epsilon: number;
}

const DAY_HOURS = 24;
const WEEK_HOURS = 168;

/**
 * The column's cycle: given, or (`auto`) the longest cycle the reference covers at least twice whose groups
 * differ: the week if its 7 days of the week differ (the daily cycle averages out inside a day), else the day
 * if its 24 hours differ, else none. "Differ": chi-square homogeneity of groups x bins with p below the
 * threshold and a group whose PSI against the whole reference reaches the minimum.
 */
export function chooseCycle(
  table: HourBins,
  bins: number,
  seasonality: Seasonality,
  thresholds: CycleThresholds,
): CycleChoice {
  if (seasonality !== 'auto') return { cycle: seasonality, reason: `seasonality '${seasonality}' was set` };
  const [first, last] = extent(table.keys());
  const span = table.size === 0 ? 0 : last - first + 1;
  const covers = `the reference covers ${formatFigure(span / DAY_HOURS)} days`;
  if (span < 2 * DAY_HOURS) return { cycle: 'none', reason: `no cycle tested: ${covers}, under 2` };
  const week =
    span >= 2 * WEEK_HOURS
      ? groupsDiffer(
          table,
          bins,
          (h) => Math.floor(phaseOf(h, 'week') / DAY_HOURS),
          thresholds,
          'days of the week',
          'day',
        )
      : null;
  if (week?.present) return { cycle: 'week', reason: `${week.words}; ${covers}` };
  const day = groupsDiffer(table, bins, (h) => phaseOf(h, 'day'), thresholds, 'hours of the day', 'hour');
  const weekWords = week === null ? 'the week untested (under 2 weeks)' : week.words;
  return day.present
    ? { cycle: 'day', reason: `${day.words}; ${weekWords}; ${covers}` }
    : { cycle: 'none', reason: `no cycle: ${day.words}; ${weekWords}; ${covers}` };
}

function groupsDiffer(
  table: HourBins,
  bins: number,
  group: (hour: number) => number,
  thresholds: CycleThresholds,
  groups: string,
  one: string,
): { present: boolean; words: string } {
  const rows = [...sumHourBins(table, bins, group).values()];
  const whole = new Float64Array(bins);
  for (const row of rows) for (let b = 0; b < bins; b++) whole[b] = (whole[b] as number) + (row[b] as number);
  const test = chiSquareTable(rows);
  const largestPsi = Math.max(0, ...rows.map((row) => psi(whole, row, thresholds.epsilon)));
  const p = test?.pvalue ?? 1;
  const present = p < thresholds.seasonalityPValue && largestPsi >= thresholds.seasonalityMinPsi;
  const figures = `(χ² p ${formatFigure(p)}, largest ${one} PSI ${formatFigure(largestPsi)})`;
  return { present, words: `${groups} ${present ? 'differ' : 'do not differ'} ${figures}` };
}

/** PSI of a group's shares against the whole's, an empty bin counted as `epsilon`. */
function psi(whole: Float64Array, group: Float64Array, epsilon: number): number {
  const [w, g] = [total(whole), total(group)];
  if (w === 0 || g === 0) return 0;
  let sum = 0;
  for (let b = 0; b < whole.length; b++) {
    const expected = Math.max((whole[b] as number) / w, epsilon);
    const actual = Math.max((group[b] as number) / g, epsilon);
    sum += (actual - expected) * Math.log(actual / expected);
  }
  return sum;
}
