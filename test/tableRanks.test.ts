import { describe, expect, it } from 'vitest';
import { openSource } from '../src/store/openSource.js';
import { tableRanks } from '../src/store/tableRanks.js';
import type { RowSet } from '../src/store/types.js';
import { engines, openTestEngine } from './support/engines.js';
import { execute, scratchDatabasePerTest } from './support/platformDatabase.js';

const scratch = scratchDatabasePerTest();

// 1000 rows, three per second, stored in time order, the last ten without a timestamp.
const ORDERED = `SELECT CASE WHEN i < 990 THEN TIMESTAMP '2026-01-01' + to_seconds(i // 3) END AS ts,
  CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS model FROM range(1000) t(i) ORDER BY i`;

describe.each(engines)('table ranks on the %s engine', (engine) => {
  it('skip the sort exactly when the rows are consecutive rowids in time order, with the sorted ranks', async () => {
    await execute(
      scratch.db,
      `CREATE TABLE ordered AS ${ORDERED}`,
      `CREATE TABLE one_late AS ${ORDERED}`,
      `UPDATE one_late SET ts = TIMESTAMP '2025-12-31' WHERE rowid = 500`,
      `CREATE TABLE with_gap AS ${ORDERED}`,
      'DELETE FROM with_gap WHERE rowid = 500',
    );
    const db = await openTestEngine(scratch.db, engine);
    try {
      const sortSkipped = async (table: string, filter?: RowSet['filter']) => {
        const rows: RowSet = {
          source: await openSource(db, table),
          timestampColumn: 'ts',
          ...(filter ? { filter } : {}),
        };
        const ranks = await tableRanks(db, rows);
        const where = filter ? `WHERE ${filter.sql}` : '';
        // An ordered run's rank is its rowid minus the first: the sorted ranks must say the same.
        const ranked =
          ranks.kind === 'sorted'
            ? ranks
            : {
                sql: `SELECT rowid AS row_id, rowid - ${ranks.firstRowid} AS r FROM ${table} ${where}`,
                params: filter?.params ?? [],
              };
        const [[differences] = []] = await db.rows(
          `SELECT count(*)::INTEGER FROM (
             (SELECT row_id, r FROM (${ranked.sql}) EXCEPT ALL
              SELECT rowid, row_number() OVER (ORDER BY ts, rowid) - 1 FROM ${table} ${where})
             UNION ALL
             (SELECT rowid, row_number() OVER (ORDER BY ts, rowid) - 1 FROM ${table} ${where} EXCEPT ALL
              SELECT row_id, r FROM (${ranked.sql})))`,
          [...ranked.params, ...(filter?.params ?? []), ...(filter?.params ?? []), ...ranked.params],
        );
        expect(differences).toBe(0);
        return ranks.kind === 'ordered';
      };
      const range = {
        sql: `ts >= ?::TIMESTAMP AND ts < ?::TIMESTAMP`,
        params: [new Date(Date.UTC(2026, 0, 1, 0, 1)), new Date(Date.UTC(2026, 0, 1, 0, 2))],
      };
      expect(await sortSkipped('ordered')).toBe(true);
      expect(await sortSkipped('ordered', range)).toBe(true);
      expect(await sortSkipped('ordered', { sql: 'model = ?', params: ['a'] })).toBe(false);
      expect(await sortSkipped('one_late')).toBe(false);
      expect(await sortSkipped('with_gap')).toBe(false);
    } finally {
      await db.close();
    }
  });
});
