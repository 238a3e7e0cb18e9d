import type { LabelCounts } from '../compare/labelCounts.js';
import type { Engine } from '../engine/engine.js';
import type { CycleChoice } from '../signal/chooseCycle.js';
import type { Cycle } from '../signal/cycle.js';
import type { Dispersion } from '../signal/dispersion.js';
import type { BaselineTarget } from './baselineProfile.js';
import { unpackSample } from './packSample.js';
import { type ChecksumFields, profileChecksum } from './profileChecksum.js';
import { quoteIdentifier } from './quoteIdentifier.js';
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
];

/** One column of a stored reference: its cycle, why, its gate figures, and where each phase's row is. */
export interface StoredColumn {
  kind: 'numeric' | 'categorical';
  choice: CycleChoice;
  spread: Dispersion;
  phaseRows: Map<number, { rowid: number; keptRows: number; checksum: string; encoding: string }>;
}

/** A pinned reference whose stored profiles hold. */
export interface StoredBaseline {
  /** The window's rows and first and last times; no column yet. */
  window: FetchedWindow;
  columns: Map<string, StoredColumn>;
  /** A numeric column's phases, read now and checked; ProfileRejected when one is missing or fails. */
  values(column: string, phases: readonly number[]): Promise<Map<number, Float64Array>>;
  /** A categorical column's phases, likewise. */
  counts(column: string, phases: readonly number[]): Promise<Map<number, LabelCounts>>;
}

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
): Promise<StoredBaseline | null> {
  const name = quoteIdentifier(table);
  const stored = (await engine.rows(
    `SELECT rowid::DOUBLE, column_name, phase, cycle, kind, kept_rows::DOUBLE, first_time, last_time, dispersion,
            gate_windows, seasonality_reason, checksum, sample_encoding
     FROM ${name}
     WHERE model_name = ? AND target = ? AND row_fingerprint = ? AND list_contains(?::VARCHAR[], definition)`,
    [key.model, key.target, key.rowFingerprint, [...definitions.values()]],
  )) as Row[];
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
  for (const [rowid, column, phase, cycle, , keptRows, , , , , , checksum, encoding] of stored) {
    const owner = columns.get(column);
    if (phase === null) continue;
    if (owner === undefined || cycle !== owner.choice.cycle)
      throw reject(column, phase, 'has no summary of its cycle');
    owner.phaseRows.set(phase, { rowid, keptRows, checksum, encoding });
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
    async values(column, phases) {
      const read = new Map<number, Float64Array>();
      for (const phase of phases) {
        const { row, check } = phaseRow(column, phase);
        // One a query: a chunk of them all would not fit DuckDB's memory limit. DuckDB reads this one
        // sample alone because the column holds no NULL (see baselineColumns).
        const [bytes] = await engine.blobs(`SELECT sample_values FROM ${name} WHERE rowid = ?::BIGINT`, [
          row.rowid,
        ]);
        const values = await unpackSample(row.encoding, bytes ?? new Uint8Array(0), row.keptRows).catch(
          (error: unknown) => {
            const why = error instanceof RangeError ? error.message : `cannot be unpacked (${error})`;
            throw reject(column, phase, why);
          },
        );
        const odd = paired ? -1 : unsortedAt(values);
        if (odd >= 0) throw reject(column, phase, `is not sorted ascending with NaN last (value ${odd})`);
        await check(values, null);
        read.set(phase, values);
      }
      return read;
    },
    async counts(column, phases) {
      const read = new Map<number, LabelCounts>();
      for (const phase of phases) {
        const { row, check } = phaseRow(column, phase);
        const [[pairs, missing] = [null, null]] = (await engine.rows(
          `SELECT label_counts, missing FROM ${name} WHERE rowid = ?::BIGINT`,
          [row.rowid],
        )) as [[string, number][] | null, number | null][];
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
