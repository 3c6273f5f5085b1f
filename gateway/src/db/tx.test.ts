import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec, LAZY_COMMIT_MS, rows, ShapedStatements, shapedRows, sqliteTxRunner, type TxRunner } from './tx.js';

interface T {
  items: { id: number; name: string };
}

describe('SQLite group commit', () => {
  let dir: string;
  let raw: BetterSqlite3.Database;
  let db: Kysely<T>;
  let tx: TxRunner;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-tx-'));
    raw = new BetterSqlite3(path.join(dir, 't.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    db = new Kysely<T>({ dialect: new SqliteDialect({ database: raw }) });
    tx = sqliteTxRunner(raw);
  });

  afterEach(async () => {
    await db.destroy().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: number, name: string) =>
    tx(function* () {
      yield* exec(db.insertInto('items').values({ id, name }));
      const [row] = yield* rows(db.selectFrom('items').select(({ fn }) => fn.countAll<number>().as('n')));
      return Number(row?.n);
    });

  it('runs the transactions of one turn in one commit, each seeing the writes before it', async () => {
    const results = await Promise.all([insert(1, 'a'), insert(2, 'b'), insert(3, 'c')]);
    expect(results).toEqual([1, 2, 3]);
    const names = raw.prepare('SELECT name FROM items ORDER BY id').pluck().all();
    expect(names).toEqual(['a', 'b', 'c']);
  });

  it('commits the batch once: another connection sees none of it until all of it', async () => {
    const other = new BetterSqlite3(path.join(dir, 't.sqlite'), { readonly: true });
    const visible = () => other.prepare('SELECT count(*) FROM items').pluck().get() as number;
    const seenByOther: number[] = [];
    const watch = (id: number) =>
      tx(function* () {
        yield* exec(db.insertInto('items').values({ id, name: `n${id}` }));
        seenByOther.push(visible());
      });
    await Promise.all([watch(1), watch(2), watch(3)]);
    expect(seenByOther).toEqual([0, 0, 0]);
    expect(visible()).toBe(3);
    other.close();
  });

  it('rolls back only the body that failed, and tells only its caller', async () => {
    const outcomes = await Promise.allSettled([
      insert(1, 'a'),
      insert(2, 'a'), // UNIQUE violation
      tx(function* () {
        yield* exec(db.insertInto('items').values({ id: 3, name: 'c' }));
        throw new Error('body gave up after writing');
      }),
      insert(4, 'd'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('body gave up after writing');
    expect(raw.prepare('SELECT id FROM items ORDER BY id').pluck().all()).toEqual([1, 4]);
  });

  it('runs each body once when none throws, and the others of a batch again (from the start) when one does', async () => {
    const runs = new Map<string, number>();
    const counted = (name: string, id: number, fail = false) =>
      tx(function* () {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        yield* exec(db.insertInto('items').values({ id, name }));
        if (fail) throw new Error(`${name} failed`);
        const [row] = yield* rows(db.selectFrom('items').select(({ fn }) => fn.countAll<number>().as('n')));
        return Number(row?.n);
      });
    expect(await Promise.all([counted('a', 1), counted('b', 2), counted('c', 3)])).toEqual([1, 2, 3]);
    expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1, c: 1 });

    runs.clear();
    const outcomes = await Promise.allSettled([counted('d', 4), counted('e', 5, true), counted('f', 6)]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason.message))).toEqual([4, 'e failed', 5]);
    // the first attempt stopped at e and was rolled back; the second ran each body in its own SAVEPOINT
    expect(Object.fromEntries(runs)).toEqual({ d: 2, e: 2, f: 1 });
    expect(raw.prepare('SELECT name FROM items ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });

  it('fails every caller of a batch whose COMMIT cannot happen, and works again afterwards', async () => {
    // another connection holds the write lock; ours gives up at once
    const other = new BetterSqlite3(path.join(dir, 't.sqlite'));
    raw.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    const outcomes = await Promise.allSettled([insert(1, 'a'), insert(2, 'b')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.code).toBe('SQLITE_BUSY');
    other.exec('ROLLBACK');
    other.close();
    expect(await insert(1, 'a')).toBe(1);
  });

  it('commits a batch with a durable body with synchronous=FULL, then goes back to NORMAL', async () => {
    raw.pragma('synchronous = NORMAL');
    const seen: number[] = [];
    await Promise.all([
      insert(1, 'a'),
      tx(
        function* () {
          seen.push(raw.pragma('synchronous', { simple: true }) as number);
          yield* exec(db.insertInto('items').values({ id: 2, name: 'b' }));
        },
        { durable: true },
      ),
    ]);
    expect(seen).toEqual([2]); // FULL while the batch ran
    expect(raw.pragma('synchronous', { simple: true })).toBe(1); // NORMAL again
  });

  it('starts a new batch for transactions asked for while one is being answered', async () => {
    const first = await insert(1, 'a');
    const [second, third] = await Promise.all([insert(2, 'b'), insert(3, 'c')]);
    expect([first, second, third]).toEqual([1, 2, 3]);
  });
});

describe('ShapedStatements', () => {
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });

  it('compiles a shape once and binds new parameters to the same SQL', () => {
    const shaped = new ShapedStatements();
    let built = 0;
    const stmt = (id: number, name: string) =>
      shaped.get('items.insert', () => (built++, db.insertInto('items').values({ id, name })), [id, name]);
    const first = stmt(1, 'a');
    const second = stmt(2, 'b');
    expect(built).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(second.parameters).toEqual([2, 'b']);
    // what Kysely itself would have compiled for the second call
    expect(second.parameters).toEqual(db.insertInto('items').values({ id: 2, name: 'b' }).compile().parameters);
  });

  it('refuses parameters in another order than Kysely binds them, on the first use of a shape', () => {
    const shaped = new ShapedStatements();
    expect(() => shaped.get('items.insert', () => db.insertInto('items').values({ id: 1, name: 'a' }), ['a', 1])).toThrow(/order/);
  });

  it('keeps at most `max` shapes', () => {
    const shaped = new ShapedStatements(2);
    let built = 0;
    const stmt = (n: number) => shaped.get(`items.insert:${n}`, () => (built++, db.insertInto('items').values(Array.from({ length: n }, (_, i) => ({ id: i, name: String(i) })))), Array.from({ length: n }, (_, i) => [i, String(i)]).flat());
    stmt(1);
    stmt(2);
    stmt(3); // evicts shape 1
    stmt(1);
    expect(built).toBe(4);
    stmt(3);
    expect(built).toBe(4);
  });

  it('runs in a transaction like any other statement', async () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    const kdb = new Kysely<T>({ dialect: new SqliteDialect({ database: raw }) });
    const tx = sqliteTxRunner(raw);
    const shaped = new ShapedStatements();
    const insert = (id: number, name: string) =>
      tx(function* () {
        const out = yield* shapedRows<{ id: number }>(shaped.get('ins', () => kdb.insertInto('items').values({ id, name }).returning('id'), [id, name]));
        return out.map((r) => r.id);
      });
    expect(await insert(7, 'x')).toEqual([7]);
    expect(await insert(8, 'y')).toEqual([8]);
    expect(raw.prepare('SELECT id, name FROM items ORDER BY id').all()).toEqual([{ id: 7, name: 'x' }, { id: 8, name: 'y' }]);
  });
});

describe('lazy SQLite transactions', () => {
  const setup = () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    const kdb = new Kysely<T>({ dialect: new SqliteDialect({ database: raw }) });
    let commits = 0;
    const tx = sqliteTxRunner(raw, () => commits++);
    const insert = (id: number, lazy = false) =>
      tx(function* () {
        yield* exec(kdb.insertInto('items').values({ id, name: `n${id}` }));
        return id;
      }, { lazy });
    const count = () => (raw.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
    return { tx, insert, count, commits: () => commits };
  };

  it('commits a lazy write alone after LAZY_COMMIT_MS when nothing else comes', async () => {
    const { insert, count, commits } = setup();
    const started = performance.now();
    const p = insert(1, true);
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(0);
    expect(await p).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(LAZY_COMMIT_MS - 2);
    expect(count()).toBe(1);
    expect(commits()).toBe(1);
  });

  it('commits a lazy write with the next eager one, in one commit', async () => {
    const { insert, count, commits } = setup();
    const lazy = insert(1, true);
    await new Promise((r) => setTimeout(r, 2));
    expect(count()).toBe(0);
    await insert(2);
    expect(await lazy).toBe(1);
    expect(count()).toBe(2);
    expect(commits()).toBe(1);
  });

  it('drain() commits what waits at once (before the handle closes)', async () => {
    const { tx, insert, count, commits } = setup();
    const lazy = insert(1, true);
    tx.drain();
    expect(count()).toBe(1);
    expect(await lazy).toBe(1);
    await new Promise((r) => setTimeout(r, LAZY_COMMIT_MS + 10));
    expect(commits()).toBe(1);
  });
});
