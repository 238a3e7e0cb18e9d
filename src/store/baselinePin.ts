import { type SqlValue, timestampMs } from '../engine/engine.js';
import type { Schema, TimeRange } from '../run/options.js';

/**
 * A model's pinned reference from its model_metadata row: both columns NULL (or absent) is no pin; a pin
 * needs both, as TIMESTAMPs, from before to. Anything else is why the model is refused, in one line.
 */
export function baselinePin(
  schema: Pick<Schema, 'baselineFrom' | 'baselineTo' | 'modelMetadata'>,
  present: ReadonlySet<string>,
  from: SqlValue,
  to: SqlValue,
): { pin: TimeRange | null } | { refused: string } {
  if (from === null && to === null) return { pin: null };
  const named = [
    [schema.baselineFrom, from],
    [schema.baselineTo, to],
  ] as const;
  const unset = named.find(([, value]) => value === null);
  if (unset) {
    const [column] = unset;
    const why = present.has(column) ? 'NULL' : `not a column of ${JSON.stringify(schema.modelMetadata)}`;
    return {
      refused: `a pinned baseline needs both ${schema.baselineFrom} and ${schema.baselineTo}: ${column} is ${why}`,
    };
  }
  const odd = named.find(([, value]) => typeof value !== 'number');
  if (odd) return { refused: `${odd[0]} must be a TIMESTAMP, got ${JSON.stringify(odd[1])}` };
  // ±infinity and dates before the year 1 are TIMESTAMPs too, but no window can start or end there.
  const unbound = named.find(([, value]) => !bindable(value as number));
  if (unbound) {
    return {
      refused: `${unbound[0]} must be a TIMESTAMP in the years 1 to 9999, got ${shown(unbound[1] as number)}`,
    };
  }
  const range = { from: new Date(from as number), to: new Date(to as number) };
  if (range.from >= range.to) {
    return {
      refused: `${schema.baselineFrom} must be before ${schema.baselineTo}, got ${range.from.toISOString()} >= ${range.to.toISOString()}`,
    };
  }
  return { pin: range };
}

function bindable(ms: number): boolean {
  try {
    timestampMs(new Date(ms));
    return true;
  } catch {
    return false;
  }
}

const shown = (ms: number) => {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return ms > 0 ? 'infinity' : '-infinity';
  return date.toISOString();
};
