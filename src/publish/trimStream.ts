import type { Redis } from 'ioredis';

/** A stream entry id as [milliseconds, sequence]. */
type EntryId = readonly [bigint, bigint];

const parseId = (id: string): EntryId => {
  const [ms = '0', seq = '0'] = id.split('-');
  return [BigInt(ms), BigInt(seq)];
};
const formatId = ([ms, seq]: EntryId) => `${ms}-${seq}`;
const before = (a: EntryId, b: EntryId) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** A consumer group that keeps entries older than the age limit in the stream. */
export interface HeldBack {
  group: string;
  /** The age, by Redis' clock, of the oldest entry it still needs. */
  oldestAgeMs: number;
}

export interface StreamTrim {
  /** Entries deleted. */
  trimmed: number;
  /**
   * Consumer groups that still need an entry older than the age limit, which was therefore kept. A group
   * whose next entry is younger (a group created with `$`, its last delivered id 0-0) holds nothing back.
   */
  holdingBack: HeldBack[];
}

/**
 * Deletes the stream's entries older than `maxAgeMs` by Redis' clock (XTRIM MINID ~: whole nodes only, so
 * a few older entries may stay), but never an entry a consumer group has not yet been delivered or has
 * not acknowledged: a consumer that is behind loses nothing, it holds the trimming back instead.
 */
export async function trimStream(client: Redis, stream: string, maxAgeMs: number): Promise<StreamTrim> {
  const [seconds = 0, micros = 0] = await client.time();
  const nowMs = BigInt(seconds) * 1000n + BigInt(Math.floor(Number(micros) / 1000));
  const limit: EntryId = [nowMs - BigInt(Math.round(maxAgeMs)), 0n];
  let minId = limit;
  const holdingBack: HeldBack[] = [];
  for (const group of await consumerGroups(client, stream)) {
    const needed = await oldestNeeded(client, stream, group);
    if (!before(needed, limit)) continue;
    // The group needs what follows `needed`: only an entry there older than the limit is held back.
    const [first] = await client.xrange(stream, formatId(needed), '+', 'COUNT', 1);
    const held = first === undefined ? undefined : parseId(first[0]);
    if (held === undefined || !before(held, limit)) continue;
    if (before(held, minId)) minId = held;
    holdingBack.push({ group: group.name, oldestAgeMs: Number(nowMs - held[0]) });
  }
  const trimmed = Number(await client.xtrim(stream, 'MINID', '~', formatId(minId)));
  return { trimmed, holdingBack };
}

interface ConsumerGroup {
  name: string;
  pending: number;
  lastDelivered: string;
}

async function consumerGroups(client: Redis, stream: string): Promise<ConsumerGroup[]> {
  if ((await client.exists(stream)) === 0) return [];
  const groups = (await client.xinfo('GROUPS', stream)) as unknown[][];
  return groups.map((flat) => {
    const info = new Map<unknown, unknown>();
    for (let i = 0; i < flat.length; i += 2) info.set(flat[i], flat[i + 1]);
    return {
      name: String(info.get('name')),
      pending: Number(info.get('pending')),
      lastDelivered: String(info.get('last-delivered-id')),
    };
  });
}

/** The group's oldest entry not yet acknowledged, or else the first after its last delivered one. */
async function oldestNeeded(client: Redis, stream: string, group: ConsumerGroup): Promise<EntryId> {
  const [ms, seq] = parseId(group.lastDelivered);
  const next: EntryId = [ms, seq + 1n];
  if (group.pending === 0) return next;
  const [, oldestPending] = (await client.xpending(stream, group.name)) as [number, string | null];
  return oldestPending === null ? next : parseId(oldestPending);
}
