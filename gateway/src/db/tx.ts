import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Schema } from './schema.js';
import { setBounded } from '../bounded.js';

/**
 * A write transaction is written once, for both databases, as a generator: it yields the statements
 * it wants run (built and compiled with Kysely) and receives their rows back. Each backend drives it
 * its own way:
 *
 * - SQLite: synchronously, inside better-sqlite3's `BEGIN IMMEDIATE` transaction. The write lock is
 *   taken before the first read and nothing else runs on this thread until COMMIT, so two processes on
 *   one file queue on busy_timeout instead of interleaving, and a transaction never waits on the event
 *   loop while holding the lock (which would stall another connection of the same process).
 * - PostgreSQL: in a Kysely transaction on one pooled client; bodies that need mutual exclusion yield
 *   their own lock statement.
 */
export type TxBody<T> = Generator<CompiledQuery, T, readonly unknown[]>;

export interface TxOptions {
  /**
   * The commit must survive a power cut before the promise resolves (a quarantine hold, an audit
   * row). SQLite runs with synchronous=NORMAL in WAL mode (a commit is safe from a process crash,
   * and costs no fsync); a durable transaction switches to FULL for its commit, which syncs the WAL
   * and with it every commit before. PostgreSQL commits are durable anyway (synchronous_commit).
   */
  durable?: boolean;
  /**
   * Nobody waits for this write (a message's settle record, written after the sender got its
   * reply): SQLite may hold it up to LAZY_COMMIT_MS and commit it with the next transaction that
   * comes, so a message costs one commit instead of two under steady traffic. Its promise still
   * resolves only after that commit. PostgreSQL ignores it.
   */
  lazy?: boolean;
}

/** The longest a lazy SQLite transaction waits for company before it is committed alone. */
export const LAZY_COMMIT_MS = 20;

export type TxRunner = <T>(body: () => TxBody<T>, options?: TxOptions) => Promise<T>;

/** Yield a query and get its rows, typed: `const [last] = yield* rows(db.selectFrom(...))`. */
export function* rows<R>(query: Compilable<R>): Generator<CompiledQuery, R[], readonly unknown[]> {
  return (yield query.compile()) as R[];
}

/** Yield a statement whose result is not needed. */
export function* exec(query: Compilable<unknown>): Generator<CompiledQuery, void, readonly unknown[]> {
  yield query.compile();
}

/**
 * Statements of the mail path whose SQL depends only on their shape (which columns, how many rows):
 * Kysely builds and compiles each shape once per process, and later calls bind their own
 * parameters to the same SQL. The builder and compiler cost more than SQLite's execution of these
 * small inserts and updates (a CPU profile under load: ~2% of the gateway's time for the six
 * statements of a message). `params` must list the values in the order Kysely binds them; the first
 * use of every shape compiles for real and throws if they differ, so a mistake fails its first
 * statement (and the tests), never binds a value to the wrong column.
 */
export class ShapedStatements {
  readonly #sql = new Map<string, string>();
  constructor(private readonly max = 64) {}

  get(shape: string, build: () => Compilable<unknown>, params: readonly unknown[]): CompiledQuery {
    const known = this.#sql.get(shape);
    if (known !== undefined) return CompiledQuery.raw(known, params as unknown[]);
    const compiled = build().compile();
    const same = compiled.parameters.length === params.length && compiled.parameters.every((v, i) => Object.is(v, params[i]));
    if (!same) throw new Error(`statement ${shape}: parameters in another order than Kysely binds them`);
    setBounded(this.#sql, shape, compiled.sql, this.max);
    return compiled;
  }
}

/** Yield a statement from ShapedStatements and get its rows. */
export function* shapedRows<R>(query: CompiledQuery): Generator<CompiledQuery, R[], readonly unknown[]> {
  return (yield query) as R[];
}

/**
 * Prepared statements by SQL text. The mail path runs the same few inserts for every message;
 * preparing them again each time showed up in profiles. Statements with many placeholders (bulk
 * inserts with a varying row count) are few, and the cache is bounded anyway.
 */
function statementCache(raw: BetterSqlite3.Database, max = 256): (sql: string) => BetterSqlite3.Statement {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = raw.prepare(sql);
      setBounded(cache, sql, stmt, max);
    }
    return stmt;
  };
}

/** Transactions queued for the next batch: their bodies, and how to answer their callers. */
interface Queued {
  body: () => TxBody<unknown>;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * SQLite runner with group commit. A commit costs far more than the few inserts of a message (WAL
 * frames for every page touched, each checksummed), and under load several messages want to write
 * at once. Transactions asked for in the same turn of the event loop are run together at the end
 * of it (setImmediate), in one `BEGIN IMMEDIATE … COMMIT`:
 *
 * - a body that throws is rolled back alone and only its caller gets the error;
 * - a failed COMMIT (disk full, the lock not got within busy_timeout) fails every caller of the batch;
 * - nobody's promise resolves before the COMMIT that holds its writes;
 * - if any body of the batch is durable, the batch commits with synchronous=FULL;
 * - a lazy body (TxOptions.lazy) waits up to LAZY_COMMIT_MS for the next batch; drain() commits
 *   what is waiting (before the handle closes).
 *
 * The whole batch still runs synchronously: nothing waits on the event loop while holding the lock.
 *
 * Bodies almost never throw, so a batch first runs them one after another with no SAVEPOINT of
 * their own. A SAVEPOINT makes SQLite keep a statement journal of every page the batch's later
 * bodies touch again; past 64 KiB it spills to a temporary file created, written and deleted for
 * every batch (under the bench's load ~60 KB of extra writes and ~25 write calls per message,
 * ~20% of the database's CPU time). Only when a body throws is that attempt rolled back and the
 * batch run again with one SAVEPOINT per body, so the failing body is rolled back alone as before.
 * Bodies are generators of statements over the database's state (they read what they need with
 * their own statements), so running one again after a rollback is the same as running it once.
 */
export function sqliteTxRunner(raw: BetterSqlite3.Database, onCommit?: () => void): TxRunner & { drain(): void } {
  const prepare = statementCache(raw);
  const drive = <T>(body: () => TxBody<T>): T => {
    const it = body();
    let step = it.next([]);
    while (!step.done) {
      const stmt = prepare(step.value.sql);
      const params = step.value.parameters as unknown[];
      const result: readonly unknown[] = stmt.reader ? stmt.all(params) : (stmt.run(params), []);
      step = it.next(result);
    }
    return step.value;
  };
  // The common case: every body in the one transaction, no SAVEPOINTs. A throw rolls it all back.
  let bodyFailed = false;
  const together = raw.transaction((items: Queued[]): Array<{ ok: boolean; value: unknown }> =>
    items.map((item) => {
      try {
        return { ok: true, value: drive(item.body) };
      } catch (err) {
        bodyFailed = true;
        throw err;
      }
    }),
  );
  // after a body threw: called inside the batch's transaction, better-sqlite3 runs it as a SAVEPOINT
  const savepoint = raw.transaction(drive);
  const batch = raw.transaction((items: Queued[]): Array<{ ok: boolean; value: unknown }> =>
    items.map((item) => {
      try {
        return { ok: true, value: savepoint(item.body) };
      } catch (err) {
        return { ok: false, value: err };
      }
    }),
  );
  let queue: Queued[] = [];
  const flush = (): void => {
    const items = queue;
    queue = [];
    const durable = items.some((i) => i.durable);
    let results: Array<{ ok: boolean; value: unknown }>;
    try {
      if (durable) raw.pragma('synchronous = FULL');
      try {
        bodyFailed = false;
        try {
          results = together.immediate(items);
        } catch (err) {
          // BEGIN or COMMIT failed (busy, disk full): every caller gets it, as before
          if (!bodyFailed) throw err;
          // a body threw and the whole attempt was rolled back: again, each body in its own SAVEPOINT
          results = batch.immediate(items);
        }
      } finally {
        if (durable) raw.pragma('synchronous = NORMAL');
      }
    } catch (err) {
      for (const item of items) item.reject(err);
      return;
    }
    results.forEach((r, i) => (r.ok ? items[i]!.resolve(r.value) : items[i]!.reject(r.value)));
    onCommit?.();
  };
  // a flush is scheduled for the end of this turn (eager), or only a timer for lazy ones (lazyTimer)
  let eager = false;
  let lazyTimer: NodeJS.Timeout | undefined;
  const run = (): void => {
    eager = false;
    if (lazyTimer) clearTimeout(lazyTimer);
    lazyTimer = undefined;
    if (queue.length) flush();
  };
  const runner = <T>(body: () => TxBody<T>, options?: TxOptions): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ body, durable: Boolean(options?.durable), resolve: resolve as (v: unknown) => void, reject });
      if (options?.lazy && !options.durable) {
        if (!eager && !lazyTimer) lazyTimer = setTimeout(run, LAZY_COMMIT_MS);
      } else if (!eager) {
        eager = true;
        setImmediate(run);
      }
    });
  return Object.assign(runner, { drain: run });
}

export function postgresTxRunner(db: Kysely<Schema>): TxRunner {
  return <T>(body: () => TxBody<T>, _options?: TxOptions): Promise<T> =>
    db.transaction().execute(async (trx) => {
      const it = body();
      let step = it.next([]);
      while (!step.done) {
        const result = await trx.executeQuery(step.value);
        step = it.next(result.rows);
      }
      return step.value;
    });
}
