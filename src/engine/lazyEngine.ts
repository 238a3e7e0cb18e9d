import type { Engine } from './engine.js';

/**
 * An engine that opens on its first statement and closes again once nothing ran on it for `idleMs`, so that
 * other processes can open the file in between: DuckDB allows one writer per file and no writer while a
 * reader has it open. A transaction keeps it open until its COMMIT or ROLLBACK.
 */
export function lazyEngine(open: () => Promise<Engine>, kind: Engine['kind'], idleMs: number): Engine {
  let engine: Promise<Engine> | null = null;
  // The last close, awaited before the next open: the file is free again only once it is done.
  let closing: Promise<void> = Promise.resolve();
  let running = 0;
  let inTransaction = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const release = () => {
    const current = engine;
    engine = null;
    if (current !== null) closing = current.then((e) => e.close()).catch(() => {});
    return closing;
  };
  const use = async <T>(sql: string, call: (engine: Engine) => Promise<T>): Promise<T> => {
    if (closed) throw new Error('the engine is closed');
    clearTimeout(timer);
    running++;
    try {
      engine ??= closing.then(open);
      // A failed open is not kept: the next statement tries again.
      const opened = await engine.catch((error: unknown) => {
        engine = null;
        throw error;
      });
      const result = await call(opened);
      inTransaction = nextTransactionState(inTransaction, sql);
      return result;
    } catch (error) {
      if (/^\s*(COMMIT|ROLLBACK)\b/i.test(sql)) inTransaction = false;
      throw error;
    } finally {
      running--;
      if (running === 0 && !inTransaction && engine !== null) timer = setTimeout(release, idleMs);
    }
  };
  return {
    kind,
    run: (sql, params) => use(sql, (e) => e.run(sql, params)),
    rows: (sql, params) => use(sql, (e) => e.rows(sql, params)),
    doubleColumns: (sql, params, rowCount) => use(sql, (e) => e.doubleColumns(sql, params, rowCount)),
    groupedDoubleColumns: (sql, params, groupRows) =>
      use(sql, (e) => e.groupedDoubleColumns(sql, params, groupRows)),
    blobs: (sql, params) => use(sql, (e) => e.blobs(sql, params)),
    interrupt: () => {
      void engine?.then(
        (e) => e.interrupt(),
        () => {},
      );
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await release();
    },
  };
}

/** Whether a transaction is open after `sql` ran. */
function nextTransactionState(before: boolean, sql: string): boolean {
  if (/^\s*BEGIN\b/i.test(sql)) return true;
  if (/^\s*(COMMIT|ROLLBACK|END|ABORT)\b/i.test(sql)) return false;
  return before;
}
