import { HOUR_MS } from './cycle.js';

/**
 * The gate's chunks of the reference, shaped like the current window: epoch-aligned buckets of `ms` (time
 * mode; an hour when shorter), or spans of `hours` from the reference's first hour (fraction mode).
 */
export type Chunking = { kind: 'bucket'; ms: number } | { kind: 'span'; hours: number };

/** The chunk of an hour index, for a reference whose first hour is `firstHour`. */
export function chunkOf(chunks: Chunking, firstHour: number): (hour: number) => number {
  if (chunks.kind === 'span') return (hour) => Math.floor((hour - firstHour) / Math.max(1, chunks.hours));
  return chunks.ms <= HOUR_MS ? (hour) => hour : (hour) => Math.floor((hour * HOUR_MS) / chunks.ms);
}
