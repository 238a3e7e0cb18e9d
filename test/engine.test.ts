import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, epochMs } from '../src/engine/engine.js';
import { wasmEngine } from '../src/engine/wasmEngine.js';
import { StoreError } from '../src/store/storeError.js';
import { engines, openTestEngine } from './support/engines.js';
import { execute, query, scratchDatabasePerTest, scratchFolder } from './support/platformDatabase.js';
import { spawnServiceC } from './support/serveProcess.js';

// Names and values a platform might hold, each breaking naive SQL or the text duckdb-wasm binds.
const hostile = [
  `'; DROP TABLE t; --`,
  'a,b',
  '[x]',
  '{k=v}',
  'a=b',
  'line\nbreak',
  '"',
  '\\',
  '\\"',
  ' lead',
  'trail ',
  'NULL',
  '',
  'é€😀',
  '\t',
];
const text = fc.oneof(fc.constantFrom(...hostile), fc.string({ unit: 'binary' }));
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

describe.each(engines)('the %s engine', (kind) => {
  let folder: ReturnType<typeof scratchFolder>;
  let engine: Engine;
  beforeAll(async () => {
    folder = scratchFolder();
    await execute(folder.path('engine.duckdb'), 'CREATE TABLE t (x DOUBLE)');
    engine = await openTestEngine(folder.path('engine.duckdb'), kind);
  });
  afterAll(async () => {
    await engine.close();
    folder.cleanup();
  });

  it('reads every type a store query reads as a plain value', async () => {
    const rows = await engine.rows(`SELECT NULL, true, 42::TINYINT, 7::INTEGER, 9007199254740993::BIGINT,
      1.5::FLOAT, 0.1::DOUBLE, 'NaN'::DOUBLE, -0.0::DOUBLE, 12.25::DECIMAL(6,2), 'é"' || chr(10),
      'b'::ENUM('a', 'b'), TIMESTAMP '2026-01-02 03:04:05.678901', DATE '2026-01-02',
      [1, 2]::INTEGER[], ['a', NULL], MAP {'k': 1.5, 'l': -2.0}`);
    expect(rows).toEqual([
      [
        null,
        true,
        42,
        7,
        9007199254740992,
        1.5,
        0.1,
        Number.NaN,
        -0,
        12.25,
        'é"\n',
        'b',
        epochMs(1767323045678901n, 1000n),
        Date.UTC(2026, 0, 2),
        [1, 2],
        ['a', null],
        [
          ['k', 1.5],
          ['l', -2],
        ],
      ],
    ]);
    expect(await engine.rows('SELECT 1 WHERE false')).toEqual([]);
  });

  it('refuses a result type without a plain value', async () => {
    await expect(engine.rows(`SELECT {'a': 1}`)).rejects.toThrow(/cast it in SQL/);
    await expect(engine.rows(`SELECT '\\x00'::BLOB`)).rejects.toThrow(/cast it in SQL/);
  });

  it('binds every kind of parameter, hostile text included, and reads it back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double(),
        text,
        fc.array(text, { maxLength: 4 }),
        fc.array(fc.double(), { maxLength: 4 }),
        fc.uniqueArray(fc.tuple(text, fc.double()), { maxLength: 4, selector: ([key]) => key }),
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.boolean(),
        async (number, string, strings, numbers, entries, date, flag) => {
          const rows = await engine.rows(
            `SELECT ?::DOUBLE, ?, ?::VARCHAR[], ?::DOUBLE[], ?::MAP(VARCHAR, DOUBLE), ?::TIMESTAMP, ?, ?::DOUBLE`,
            [number, string, strings, numbers, new Map(entries), date, flag, null],
          );
          expect(rows).toEqual([[number, string, strings, numbers, entries, date.getTime(), flag, null]]);
        },
      ),
      { numRuns: 200 },
    );
    expect(await engine.rows('SELECT count(*) FROM t')).toEqual([[0]]);
  });

  it('binds BLOBs and reads them back byte for byte: doubles stored little-endian come back bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 }), async (values) => {
        const rows = values.map((_, i) => `SELECT ${i} AS i, ?::BLOB AS b`).join(' UNION ALL ');
        const sql = `SELECT b FROM (${rows}) ORDER BY i`;
        expect(values.length === 0 ? [] : await engine.blobs(sql, values)).toEqual(values);
      }),
      { numRuns: 100 },
    );
    const doubles = Float64Array.of(Number.NaN, -0, 0.1, -Infinity, 5e-324, 1.7976931348623157e308);
    const [blob] = await engine.blobs('SELECT ?::BLOB', [new Uint8Array(doubles.buffer)]);
    const back = new Float64Array(new Uint8Array(blob as Uint8Array).buffer);
    expect([...back].every((value, i) => Object.is(value, doubles[i]))).toBe(true);
    // What DuckDB itself holds: the first double's bytes, little-endian.
    expect(await engine.rows(`SELECT hex(?::BLOB)`, [new Uint8Array(Float64Array.of(1).buffer)])).toEqual([
      ['000000000000F03F'],
    ]);
    // Over several chunks, with values short enough to live inside a chunk.
    const many = await engine.blobs(
      `SELECT ('\\x' || lpad(to_hex(i % 256), 2, '0'))::BLOB FROM range(5000) t(i) ORDER BY i`,
    );
    expect(many.map((bytes) => [...bytes])).toEqual(Array.from({ length: 5000 }, (_, i) => [i % 256]));
    await expect(engine.blobs('SELECT 1')).rejects.toThrow('blobs: the result must be one BLOB column');
    await expect(engine.blobs('SELECT NULL::BLOB')).rejects.toThrow('blobs: a NULL value');
  });

  it('binds parameters too large for duckdb-wasm to take as JSON (on its 1 MiB stack) just as exactly', async () => {
    // Over the JSON budget: on duckdb-wasm every parameter of the statement goes the other way.
    const padding = 'é€😀\\"\n'.repeat(30_000);
    await fc.assert(
      fc.asyncProperty(
        fc.double(),
        text,
        fc.array(fc.double(), { maxLength: 4 }),
        fc.uniqueArray(fc.tuple(text, fc.double()), { maxLength: 4, selector: ([key]) => key }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 40 }),
        async (number, string, numbers, entries, flag, bytes) => {
          const rows = await engine.rows(
            `SELECT ?::DOUBLE, ?, ?::DOUBLE[], ?::MAP(VARCHAR, DOUBLE), ?, ?::DOUBLE, hex(?::BLOB), ?::VARCHAR = ?`,
            [number, string, numbers, new Map(entries), flag, null, bytes, padding, padding],
          );
          expect(rows).toEqual([[number, string, numbers, entries, flag, null, hexOf(bytes), true]]);
        },
      ),
      { numRuns: 25 },
    );
    // A stored baseline's sample: megabytes of BLOB, in a transaction that goes on after a failed statement.
    const sample = Float64Array.from({ length: 200_000 }, (_, i) =>
      i % 7 === 0 ? -0 : Math.sin(i) * 1e-300,
    );
    const bytes = new Uint8Array(sample.buffer);
    const many = Array.from({ length: 100_000 }, (_, i) => Math.cos(i) / 3);
    const insert = 'INSERT INTO large VALUES (?::INTEGER, ?::BLOB, ?::DOUBLE[], ?::VARCHAR)';
    await engine.run('CREATE TABLE large (id INTEGER PRIMARY KEY, b BLOB, l DOUBLE[], s VARCHAR)');
    await engine.run('BEGIN TRANSACTION');
    await engine.run(insert, [1, bytes, many, padding]);
    await expect(engine.run(insert, [1, bytes, many, padding])).rejects.toThrow(/PRIMARY KEY|Duplicate key/);
    await engine.run('ROLLBACK');
    await engine.run(insert, [2, bytes, many, padding]);
    const [blob] = await engine.blobs('SELECT b FROM large WHERE b = ?::BLOB', [bytes]);
    const back = new Float64Array(new Uint8Array(blob as Uint8Array).buffer);
    expect(back.every((value, i) => Object.is(value, sample[i]))).toBe(true);
    expect(await engine.rows('SELECT id, l, s = ? FROM large', [padding])).toEqual([[2, many, true]]);
    expect(bytes.byteLength).toBe(1_600_000); // the caller's array, still whole
    await engine.run('DROP TABLE large');
  });

  it('refuses a parameter it cannot bind the same on both engines', async () => {
    await expect(engine.rows('SELECT ?::TIMESTAMP', [new Date(Date.UTC(10000, 0, 1))])).rejects.toThrow(
      RangeError,
    );
    await expect(engine.rows('SELECT ?::TIMESTAMP', [new Date(Number.NaN)])).rejects.toThrow(RangeError);
    await expect(engine.rows('SELECT ?::VARCHAR[]', [[1, 'a'] as unknown as string[]])).rejects.toThrow(
      'a list parameter holds only numbers or only strings',
    );
  });

  it('reads DOUBLE columns straight into Float64Arrays, over several chunks', async () => {
    const [sevenths, special] = await engine.doubleColumns(
      `SELECT i / 7, CASE i % 3 WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN '-0'::DOUBLE ELSE 'inf'::DOUBLE END
       FROM range(?::BIGINT) t(i) ORDER BY i`,
      [5000],
      5000,
    );
    expect(sevenths).toEqual(Float64Array.from({ length: 5000 }, (_, i) => i / 7));
    expect([...(special ?? [])].slice(0, 3)).toEqual([Number.NaN, -0, Number.POSITIVE_INFINITY]);
    expect(await engine.doubleColumns('SELECT x, x FROM t', [], 0)).toEqual([
      new Float64Array(0),
      new Float64Array(0),
    ]);
  });

  it('refuses a NULL, another column type or another row count in doubleColumns', async () => {
    await expect(engine.doubleColumns('SELECT NULL::DOUBLE', [], 1)).rejects.toThrow(
      /NULLs: coalesce them in SQL/,
    );
    await expect(engine.doubleColumns('SELECT 1::INTEGER', [], 1)).rejects.toThrow(
      /column 1 is .*, not DOUBLE/,
    );
    await expect(engine.doubleColumns('SELECT 1::DOUBLE', [], 2)).rejects.toThrow(
      'doubleColumns: expected 2 rows, got 1',
    );
    await expect(engine.doubleColumns('SELECT i::DOUBLE FROM range(3) t(i)', [], 2)).rejects.toThrow(
      'doubleColumns: expected 2 rows, got more',
    );
    expect(await engine.rows('SELECT 42')).toEqual([[42]]);
  });

  it('deals the rows of one result out to their groups by its first column, in arrival order', async () => {
    const [even, odd, none] = await engine.groupedDoubleColumns(
      'SELECT (i % 2)::DOUBLE, i::DOUBLE, -i::DOUBLE FROM range(5000) t(i) ORDER BY i',
      [],
      [2500, 2500, 0],
    );
    expect(even).toEqual([
      Float64Array.from({ length: 2500 }, (_, i) => 2 * i),
      Float64Array.from({ length: 2500 }, (_, i) => -2 * i),
    ]);
    expect(odd?.[0]?.at(-1)).toBe(4999);
    expect(none).toEqual([new Float64Array(0), new Float64Array(0)]);
    await expect(engine.groupedDoubleColumns('SELECT 2::DOUBLE, 1::DOUBLE', [], [1, 1])).rejects.toThrow(
      'doubleColumns: a row of group 2, not one of 0 to 1',
    );
    await expect(
      engine.groupedDoubleColumns('SELECT (i % 2)::DOUBLE FROM range(3) t(i)', [], [1, 1]),
    ).rejects.toThrow('doubleColumns: expected 1 rows in group 0, got more');
    await expect(engine.groupedDoubleColumns('SELECT 0::DOUBLE', [], [1, 1])).rejects.toThrow(
      'doubleColumns: expected 1 rows in group 1, got 0',
    );
  });

  it('copies chunks of one group whole and chunks of several row by row, to the same arrays', async () => {
    const [first, second] = await engine.groupedDoubleColumns(
      'SELECT (i // 5000)::DOUBLE, i::DOUBLE FROM range(10000) t(i) ORDER BY i',
      [],
      [5000, 5000],
    );
    expect(first?.[0]).toEqual(Float64Array.from({ length: 5000 }, (_, i) => i));
    expect(second?.[0]).toEqual(Float64Array.from({ length: 5000 }, (_, i) => 5000 + i));
    await expect(
      engine.groupedDoubleColumns('SELECT 0::DOUBLE, i::DOUBLE FROM range(3000) t(i)', [], [2500]),
    ).rejects.toThrow('doubleColumns: expected 2500 rows in group 0, got more');
  });
});

describe.each(engines)('a database written through the %s engine', (kind) => {
  const scratch = scratchDatabasePerTest();

  it('keeps its writes once the engine is closed, for either engine', async () => {
    await execute(scratch.db, 'CREATE TABLE t (name VARCHAR, seen TIMESTAMP)');
    const engine = await openTestEngine(scratch.db, kind);
    await engine.run('INSERT INTO t VALUES (?, ?::TIMESTAMP)', [
      hostile[0] ?? '',
      new Date(Date.UTC(2026, 0, 2)),
    ]);
    await engine.run('CREATE TABLE u AS SELECT 1 AS one');
    await engine.close();
    expect(existsSync(`${scratch.db}.wal`)).toBe(false);
    for (const other of engines) {
      const reopened = await openTestEngine(scratch.db, other);
      expect(await reopened.rows('SELECT name, seen, (SELECT one FROM u) FROM t')).toEqual([
        [hostile[0], Date.UTC(2026, 0, 2), 1],
      ]);
      await reopened.close();
    }
  });

  it('says what is wrong with a file it cannot open', async () => {
    await expect(openTestEngine(scratch.folder.path('nope.duckdb'), kind)).rejects.toThrow(
      new StoreError(`database file not found: ${scratch.folder.path('nope.duckdb')}`),
    );
  });
});

/** duckdb-wasm's blocking bindings over an in-memory database, on this thread. */
async function blockingBindings() {
  const blocking = await import('@duckdb/duckdb-wasm/blocking');
  const require = createRequire(import.meta.url);
  const module = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
  const bindings = await blocking.createDuckDB(
    { mvp: { mainModule: module, mainWorker: '' }, eh: { mainModule: module, mainWorker: '' } },
    new blocking.VoidLogger(),
    blocking.NODE_RUNTIME,
  );
  await bindings.instantiate();
  bindings.open({ path: ':memory:' });
  return bindings;
}

describe('the wasm engine over the blocking bundle', () => {
  it('works over its synchronous bindings as over an AsyncDuckDB', async () => {
    const bindings = await blockingBindings();
    const engine = await wasmEngine(bindings);
    expect(await engine.rows('SELECT ?::DOUBLE[], ?', [[0.1, Number.NaN], hostile[0] ?? ''])).toEqual([
      [[0.1, Number.NaN], hostile[0]],
    ]);
    expect(await engine.doubleColumns('SELECT i::DOUBLE FROM range(3) t(i)', [], 3)).toEqual([
      Float64Array.of(0, 1, 2),
    ]);
    await engine.close();
    bindings.reset();
  });

  it('after a WebAssembly trap, says in one line that it stops, and why, and touches the module no more', async () => {
    const bindings = await blockingBindings();
    const engine = await wasmEngine(bindings);
    // The trap the engine's own binding avoids: 2 MB of parameters bound the ordinary way, past the engine.
    const statement = bindings.connect().prepare('SELECT ?::VARCHAR');
    expect(() => statement.query('x'.repeat(2 ** 21))).toThrow(WebAssembly.RuntimeError);
    const stopped = new StoreError(
      'duckdb-wasm failed inside its WebAssembly module (memory access out of bounds) and cannot run another statement, so nothing more is written to the database; its limits are 4 GB of memory, one thread and a 1 MiB stack: the native engine (--engine node) has none of them',
    );
    await expect(engine.rows('SELECT 1')).rejects.toThrow(stopped);
    await expect(engine.run('SELECT 1')).rejects.toThrow(stopped);
    await engine.close();
  });
});

describe('a database read into duckdb-wasm', () => {
  const scratch = scratchDatabasePerTest();

  it('applies the write-ahead log a native process left, then removes it', async () => {
    await execute(
      scratch.db,
      'CREATE TABLE t (x INTEGER)',
      'CHECKPOINT',
      'PRAGMA disable_checkpoint_on_shutdown',
      'INSERT INTO t VALUES (1)',
    );
    expect(existsSync(`${scratch.db}.wal`)).toBe(true);
    const engine = await openTestEngine(scratch.db, 'wasm');
    expect(await engine.rows('SELECT x FROM t')).toEqual([[1]]);
    await engine.run('INSERT INTO t VALUES (2)');
    await engine.close();
    expect(existsSync(`${scratch.db}.wal`)).toBe(false);
    expect(await query(scratch.db, 'SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('refuses a file over the 2 GiB it can read in one line that says what to do, and leaves it as it was', async () => {
    writeFileSync(scratch.db, '');
    truncateSync(scratch.db, 2 ** 31); // sparse: nothing is written
    const run = spawnServiceC(['run', '--db', scratch.db, '--engine', 'wasm']);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toBe(
      `service-c: database ${scratch.db} is 2147483648 bytes: the wasm engine holds the whole file in memory and reads at most 2 GiB (2147483647 bytes); run it with --engine node\n`,
    );
    expect(statSync(scratch.db).size).toBe(2 ** 31);
  });

  it('leaves a file that changed on disk meanwhile as it is, and says so', async () => {
    await execute(scratch.db, 'CREATE TABLE t (x INTEGER)');
    const engine = await openTestEngine(scratch.db, 'wasm');
    await engine.run('INSERT INTO t VALUES (1)');
    // duckdb-wasm takes no lock: a native process can write the file meanwhile.
    await execute(scratch.db, 'INSERT INTO t VALUES (2)');
    await expect(engine.close()).rejects.toThrow(
      new StoreError(
        `database ${scratch.db} changed on disk while duckdb-wasm held it in memory: its writes were not saved`,
      ),
    );
    expect(await query(scratch.db, 'SELECT x FROM t')).toEqual([{ x: 2 }]);
  });
});

describe.each(engines)('the %s engine on a file it must not write wrongly', (kind) => {
  const scratch = scratchDatabasePerTest();

  it('writes through a symlink into the file it names, and leaves the link a link', async () => {
    await execute(scratch.db, 'CREATE TABLE t (x INTEGER)');
    const link = scratch.folder.path('link.duckdb');
    symlinkSync(scratch.db, link);
    const engine = await openTestEngine(link, kind);
    await engine.run('INSERT INTO t VALUES (1)');
    await engine.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await query(scratch.db, 'SELECT x FROM t')).toEqual([{ x: 1 }]);
  });

  it('refuses a read-only file before opening it, and leaves it as it was', async () => {
    await execute(scratch.db, 'CREATE TABLE t (x INTEGER)');
    const before = readFileSync(scratch.db);
    chmodSync(scratch.db, 0o444);
    await expect(openTestEngine(scratch.db, kind)).rejects.toThrow(
      new StoreError(`database file is read-only: ${scratch.db} (a run writes its results)`),
    );
    expect(readFileSync(scratch.db).equals(before)).toBe(true);
    expect(statSync(scratch.db).mode & 0o777).toBe(0o444);
  });

  it('refuses a file in a read-only folder before opening it', async () => {
    await execute(scratch.db, 'CREATE TABLE t (x INTEGER)');
    const folder = dirname(scratch.db);
    chmodSync(folder, 0o555);
    try {
      await expect(openTestEngine(scratch.db, kind)).rejects.toThrow(
        new StoreError(`the database's folder is read-only: ${folder} (a run writes its results)`),
      );
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('says what DuckDB said of a corrupt file, not that it is locked', async () => {
    await execute(scratch.db, 'CREATE TABLE t AS SELECT range AS x FROM range(100000)');
    const bytes = readFileSync(scratch.db);
    // Past the headers: the blocks' checksums no longer match ("... in block at location 4096").
    for (let at = 12_288; at < bytes.length; at += 7) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(scratch.db, bytes);
    const opened = openTestEngine(scratch.db, kind).then((engine) => engine.rows('SELECT sum(x) FROM t'));
    await expect(opened).rejects.toThrow(/Corrupt database file/);
    await expect(opened).rejects.not.toThrow(/locked/);
  });
});
