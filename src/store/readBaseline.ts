import type { LabelCounts } from '../compare/labelCounts.js';
import type { Engine } from '../engine/engine.js';
import type { CycleChoice } from '../signal/chooseCycle.js';
import { type Cycle, phaseOf } from '../signal/cycle.js';
import type { Dispersion } from '../signal/dispersion.js';
import type { BaselineTarget } from './baselineProfile.js';
import { unpackSample } from './packSample.js';
import { type ChecksumFields, profileChecksum } from './profileChecksum.js';
import { quoteIdentifier } from './quoteIdentifier.js';
import { packedPart, storedLength } from './storedSample.js';
import type { FetchedWindow } from './types.js';
import { unsortedAt } from './unsortedAt.js';

/** A stored profile that cannot be used: why, and whether it is a fault to warn about or just not there. */
export class ProfileRejected extends Error {
  override name = 'ProfileRejected';
  constructor(
    message: string,
    readonly fault: boolean,
  ) {
    super(message);
  }
}

type Row = [
  rowid: number,
  column: string,
  phase: number | null,
  cycle: string,
  kind: 'numeric' | 'categorical',
  keptRows: number,
  firstTime: number | null,
  lastTime: number | null,
  dispersion: number | null,
  windows: number | null,
  reason: string | null,
  checksum: string,
  encoding: string,
  packedBytes: number,
  /** Of this target, definition and rows. */
  own: boolean,
  target: string,
];

/** Where a phase's row is, and what its checks need. */
interface PhaseRow {
  rowid: number;
  keptRows: number;
  checksum: string;
  encoding: string;
  /** The packed sample's bytes, as stored beside it: where its padding starts (storedSample). */
  packedBytes: number;
}

/** A categorical phase's label_counts and missing, as read. */
type CountsRow = [[string, number][] | null, number | null];

/**
 * A model's stored samples and counts read ahead and not yet used, by rowid: shared by the StoredBaselines
 * of its targets, so that the first target's query reads the phases the others will need with its own.
 */
export interface HeldProfiles {
  samples: Map<number, Uint8Array>;
  counts: Map<number, CountsRow>;
  /** Whether a target has read the others' phases along: only the first does. */
  companionsRead: boolean;
}

export const heldProfiles = (): HeldProfiles => ({
  samples: new Map(),
  counts: new Map(),
  companionsRead: false,
});

/** One column of a stored reference: its cycle, why, its gate figures, and where each phase's row is. */
export interface StoredColumn {
  kind: 'numeric' | 'categorical';
  choice: CycleChoice;
  spread: Dispersion;
  phaseRows: Map<number, PhaseRow>;
}

/** A pinned reference whose stored profiles hold. */
export interface StoredBaseline {
  /** The window's rows and first and last times; no column yet. */
  window: FetchedWindow;
  columns: Map<string, StoredColumn>;
  /**
   * Reads these columns' phases ahead, as stored (packed samples, counts), in as few queries as
   * PREFETCH_BYTES allows, each over rows in rowid order, with the numeric phases of the model's other
   * targets that `hours` (the current window's hour indices) fall in: DuckDB reads a stored sample's 256 KB
   * overflow block whole (format 5: storedSample), and a query per phase, or per target, read the blocks its
   * neighbours share again (in format 4, every sample of their 2,048-row vector). Nothing is unpacked or
   * checked yet; `values` and `counts` take what is held (and let it go), and read what is not.
   */
  prefetch(needs: ReadonlyMap<string, readonly number[]>, hours?: Float64Array): Promise<void>;
  /** A numeric column's phases, unpacked and checked; ProfileRejected when one is missing or fails. */
  values(column: string, phases: readonly number[]): Promise<Map<number, Float64Array>>;
  /** A categorical column's phases, likewise. */
  counts(column: string, phases: readonly number[]): Promise<Map<number, LabelCounts>>;
}

/**
 * The most stored sample bytes one query reads ahead (a larger sample is read alone): DuckDB holds a
 * query's BLOBs while it orders them, and has 64 MB by default (4 samples of 1.3 MB fit a 16 MB limit).
 */
export const PREFETCH_BYTES = 4 * 2 ** 20;

/**
 * The stored reference of these columns, when every one has a summary of the same definition over rows of
 * the same fingerprint: null when there is none; ProfileRejected when a summary fails its checks (checksum,
 * its phases' rows adding up to its kept rows, the same window for every column). Phase rows are read later,
 * only those the current window needs, and checked then. `paired` samples are in row order, not sorted.
 */
export async function readBaseline(
  engine: Engine,
  table: string,
  key: { model: string; target: BaselineTarget; rowFingerprint: string },
  definitions: ReadonlyMap<string, string>,
  paired: boolean,
  held: HeldProfiles = heldProfiles(),
): Promise<StoredBaseline | null> {
  const name = quoteIdentifier(table);
  const model = (await engine.rows(
    `SELECT rowid::DOUBLE, column_name, phase, cycle, kind, kept_rows::DOUBLE, first_time, last_time, dispersion,
            gate_windows, seasonality_reason, checksum, sample_encoding, packed_bytes::DOUBLE,
            target = ? AND row_fingerprint = ? AND list_contains(?::VARCHAR[], definition), target
     FROM ${name} WHERE model_name = ?`,
    [key.target, key.rowFingerprint, [...definitions.values()], key.model],
  )) as Row[];
  const stored = model.filter((row) => row[14]);
  /** The other targets' numeric phase rows: read along when their phase is one the current hours need. */
  const companions = model.filter(
    ([, , phase, , kind, , , , , , , , , , , target]) =>
      target !== key.target && phase !== null && kind === 'numeric',
  );
  const summaries = stored.filter(([, , phase]) => phase === null);
  if (summaries.length === 0) return null;
  const where = (column: string, phase: number | null) =>
    `${JSON.stringify(column)}${phase === null ? '' : ` phase ${phase}`}`;
  const reject = (column: string, phase: number | null, why: string) =>
    new ProfileRejected(`the stored profile of ${where(column, phase)} ${why}`, true);
  const columns = new Map<string, StoredColumn>();
  const [first] = summaries as [Row];
  for (const row of summaries) {
    const [, column, , cycle, kind, keptRows, firstTime, lastTime, dispersion, windows, reason, checksum] =
      row;
    if (columns.has(column)) throw reject(column, null, 'has two summaries');
    const fields = {
      ...key,
      column,
      phase: null,
      cycle,
      kind,
      keptRows,
      firstTime,
      lastTime,
      dispersion,
      windows,
      reason,
    };
    if ((await profileChecksum({ ...fields, counts: null, values: null })) !== checksum) {
      throw reject(column, null, 'does not match its checksum');
    }
    if (keptRows !== first[5] || firstTime !== first[6] || lastTime !== first[7]) {
      throw reject(column, null, 'describes another window than the other columns');
    }
    columns.set(column, {
      kind,
      choice: { cycle: cycle as Cycle, reason: reason ?? '' },
      spread: { dispersion: dispersion ?? 1, windows: windows ?? 0 },
      phaseRows: new Map(),
    });
  }
  for (const [rowid, column, phase, cycle, , keptRows, , , , , , checksum, encoding, packedBytes] of stored) {
    const owner = columns.get(column);
    if (phase === null) continue;
    if (owner === undefined || cycle !== owner.choice.cycle)
      throw reject(column, phase, 'has no summary of its cycle');
    owner.phaseRows.set(phase, { rowid, keptRows, checksum, encoding, packedBytes });
  }
  for (const [column, owner] of columns) {
    const sum = [...owner.phaseRows.values()].reduce((total, { keptRows }) => total + keptRows, 0);
    if (sum !== first[5])
      throw reject(column, null, `has phases of ${sum} rows, not its ${first[5]} kept rows`);
  }
  if (columns.size !== definitions.size) return null;
  const [, , , , , rows, firstTime, lastTime] = first;
  const window: FetchedWindow = {
    rows,
    firstTime,
    lastTime,
    numeric: new Map(),
    categorical: new Map(),
    hours: new Float64Array(0),
    categoricalHours: new Map(),
  };
  const { samples: heldSamples, counts: heldCounts } = held;
  /** The stored rows of these phases, those not held, in rowid order; phases never stored left out. */
  const rowsOf = (column: string, phases: readonly number[], held: ReadonlyMap<number, unknown>) =>
    phases.flatMap((phase) => {
      const row = columns.get(column)?.phaseRows.get(phase);
      return row === undefined || held.has(row.rowid) ? [] : [row];
    });
  /**
   * These rows, in rowid order. `list_contains`, not `rowid IN (…)`: DuckDB (1.5) plans an IN list as a join
   * that scans every BLOB of the table (610 MB to hand out 6 samples of 0.5 MB, measured on the hourly
   * bench's store), where list_contains filters the rowids first and reads only the selected samples.
   */
  const byRowid = 'list_contains(?::BIGINT[], rowid) ORDER BY rowid';
  const readSamples = async (rows: PhaseRow[]) => {
    rows.sort((a, b) => a.rowid - b.rowid);
    for (let first = 0; first < rows.length; ) {
      let last = first + 1;
      const size = (row: PhaseRow) => storedLength(row.packedBytes);
      let bytes = size(rows[first] as PhaseRow);
      while (last < rows.length && bytes + size(rows[last] as PhaseRow) <= PREFETCH_BYTES) {
        bytes += size(rows[last] as PhaseRow);
        last++;
      }
      const group = rows.slice(first, last);
      const blobs = await engine.blobs(`SELECT sample_values FROM ${name} WHERE ${byRowid}`, [
        group.map(({ rowid }) => rowid),
      ]);
      if (blobs.length !== group.length) throw changed();
      // packed_bytes only planned the read: what is checked is the stored bytes and the unpacked values.
      for (const [i, { rowid }] of group.entries()) heldSamples.set(rowid, blobs[i] as Uint8Array);
      first = last;
    }
  };
  const readCounts = async (rows: PhaseRow[]) => {
    if (rows.length === 0) return;
    rows.sort((a, b) => a.rowid - b.rowid);
    const read = (await engine.rows(`SELECT label_counts, missing FROM ${name} WHERE ${byRowid}`, [
      rows.map(({ rowid }) => rowid),
    ])) as CountsRow[];
    if (read.length !== rows.length) throw changed();
    for (const [i, { rowid }] of rows.entries()) heldCounts.set(rowid, read[i] as CountsRow);
  };
  const changed = () =>
    new ProfileRejected(`the stored profiles of ${JSON.stringify(key.model)} changed while read`, true);
  const phaseRow = (column: string, phase: number) => {
    const owner = columns.get(column) as StoredColumn;
    const row = owner.phaseRows.get(phase);
    // A current hour the reference never had: the rows decide (the column's cycle falls back to none).
    if (row === undefined) throw new ProfileRejected(`${where(column, phase)} has no reference rows`, false);
    const fields = (values: Float64Array | null, counts: LabelCounts | null): ChecksumFields => ({
      ...key,
      column,
      phase,
      cycle: owner.choice.cycle,
      kind: owner.kind,
      keptRows: row.keptRows,
      firstTime: null,
      lastTime: null,
      dispersion: null,
      windows: null,
      reason: null,
      values,
      counts,
    });
    const check = async (values: Float64Array | null, counts: LabelCounts | null) => {
      if ((await profileChecksum(fields(values, counts))) !== row.checksum) {
        throw reject(column, phase, 'does not match its checksum');
      }
    };
    return { row, check };
  };
  return {
    window,
    columns,
    async prefetch(needs, hours) {
      const samples: PhaseRow[] = [];
      const counts: PhaseRow[] = [];
      for (const [column, phases] of needs) {
        const owner = columns.get(column);
        if (owner?.kind === 'numeric') samples.push(...rowsOf(column, phases, heldSamples));
        else if (owner !== undefined) counts.push(...rowsOf(column, phases, heldCounts));
      }
      if (hours !== undefined && !held.companionsRead) {
        held.companionsRead = true;
        const phases = new Map<string, Set<number>>();
        for (const [
          rowid,
          ,
          phase,
          cycle,
          ,
          keptRows,
          ,
          ,
          ,
          ,
          ,
          checksum,
          encoding,
          packedBytes,
        ] of companions) {
          if (!phases.has(cycle))
            phases.set(cycle, new Set(Array.from(hours, (h) => phaseOf(h, cycle as Cycle))));
          if (phases.get(cycle)?.has(phase as number) && !heldSamples.has(rowid)) {
            samples.push({ rowid, keptRows, checksum, encoding, packedBytes });
          }
        }
      }
      await readSamples(samples);
      await readCounts(counts);
    },
    async values(column, phases) {
      await readSamples(rowsOf(column, phases, heldSamples));
      const read = new Map<number, Float64Array>();
      for (const phase of phases) {
        const { row, check } = phaseRow(column, phase);
        const bytes = heldSamples.get(row.rowid) as Uint8Array;
        heldSamples.delete(row.rowid);
        const unpacked = async () =>
          unpackSample(row.encoding, packedPart(bytes, row.packedBytes), row.keptRows);
        const values = await unpacked().catch((error: unknown) => {
          const why = error instanceof RangeError ? error.message : `cannot be unpacked (${error})`;
          throw reject(column, phase, why);
        });
        const odd = paired ? -1 : unsortedAt(values);
        if (odd >= 0) throw reject(column, phase, `is not sorted ascending with NaN last (value ${odd})`);
        await check(values, null);
        read.set(phase, values);
      }
      return read;
    },
    async counts(column, phases) {
      await readCounts(rowsOf(column, phases, heldCounts));
      const read = new Map<number, LabelCounts>();
      for (const phase of phases) {
        const { row, check } = phaseRow(column, phase);
        const [pairs, missing] = heldCounts.get(row.rowid) as CountsRow;
        heldCounts.delete(row.rowid);
        const all = [...(pairs ?? []).map(([, count]) => count), missing ?? 0];
        if (
          !all.every((count) => Number.isInteger(count) && count >= 0 && count <= Number.MAX_SAFE_INTEGER)
        ) {
          throw reject(column, phase, 'has a count that is not a whole number >= 0');
        }
        const sum = all.reduce((a, b) => a + b, 0);
        if (sum !== row.keptRows) throw reject(column, phase, `counts ${sum} rows, not its ${row.keptRows}`);
        const counts = { counts: new Map(pairs ?? []), missing: missing ?? 0 };
        await check(null, counts);
        read.set(phase, counts);
      }
      return read;
    },
  };
}
