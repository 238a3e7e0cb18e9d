import { rowCountError } from './engine.js';

/** Where both engines put the chunks of a doubleColumns result: one Float64Array per group and column. */
export interface DoubleSink {
  /** One chunk: a view per result column, each `count` rows long (the group column first when grouped). */
  add(columns: readonly Float64Array[], count: number): void;
  /** The arrays, result[group][column], once every row announced has come. */
  finish(): Float64Array[][];
}

/**
 * Without groups, the columns fill one group of `groupRows[0]` rows in order. Grouped, the first column is
 * each row's group (0, 1, …) and the other columns go to that group's arrays in arrival order: windows of
 * one table come out of one scan of it.
 */
export function doubleSink(columnCount: number, groupRows: readonly number[], grouped: boolean): DoubleSink {
  const width = grouped ? columnCount - 1 : columnCount;
  const arrays = groupRows.map((rows) => Array.from({ length: width }, () => new Float64Array(rows)));
  const filled = groupRows.map(() => 0);
  let slots = new Int32Array(0);

  const place = (groups: Float64Array, count: number) => {
    if (slots.length < count) slots = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const group = groups[i] as number;
      const rows = groupRows[group];
      if (rows === undefined)
        throw new RangeError(
          `doubleColumns: a row of group ${group}, not one of 0 to ${groupRows.length - 1}`,
        );
      const slot = filled[group] as number;
      if (slot >= rows) throw rowCountError(rows, 'more', group);
      slots[i] = slot;
      filled[group] = slot + 1;
    }
  };

  return {
    add(columns, count) {
      if (!grouped) {
        const offset = filled[0] as number;
        if (offset + count > (groupRows[0] as number)) throw rowCountError(groupRows[0] as number, 'more');
        for (const [c, column] of columns.entries()) arrays[0]?.[c]?.set(column.subarray(0, count), offset);
        filled[0] = offset + count;
        return;
      }
      const groups = columns[0] as Float64Array;
      const group = groups[0] as number;
      if (sameGroup(groups, count)) {
        // A chunk of one window (a rowid range of an ordered table comes out so): copied column by column.
        const offset = filled[group] as number;
        const rows = groupRows[group];
        if (rows !== undefined && offset + count <= rows) {
          for (let c = 1; c < columns.length; c++) {
            arrays[group]?.[c - 1]?.set((columns[c] as Float64Array).subarray(0, count), offset);
          }
          filled[group] = offset + count;
          return;
        }
      }
      place(groups, count);
      for (let c = 1; c < columns.length; c++) {
        const source = columns[c] as Float64Array;
        const targets = arrays.map((group) => group[c - 1] as Float64Array);
        for (let i = 0; i < count; i++) {
          (targets[groups[i] as number] as Float64Array)[slots[i] as number] = source[i] as number;
        }
      }
    },
    finish() {
      filled.forEach((rows, group) => {
        if (rows !== groupRows[group])
          throw rowCountError(groupRows[group] as number, `${rows}`, grouped ? group : undefined);
      });
      return arrays;
    },
  };
}

function sameGroup(groups: Float64Array, count: number): boolean {
  const first = groups[0];
  for (let i = 1; i < count; i++) if (groups[i] !== first) return false;
  return true;
}
