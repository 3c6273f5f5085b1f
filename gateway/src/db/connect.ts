import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { createRequire } from 'node:module';
import type { Logger } from '../log.js';
import { idleCheckpointer, type IdleCheckpointer } from './checkpoint.js';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import type { Schema } from './schema.js';
import { postgresTxRunner, sqliteTxRunner, type TxRunner } from './tx.js';

/** How long a SQLite writer waits for another process's write lock before giving up (451). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** How long a PostgreSQL pool waits for a connection before giving up (451). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** Longest a PostgreSQL statement may run. */
export const PG_STATEMENT_TIMEOUT_MS = 30_000;

export interface Connection {
  kind: 'sqlite' | 'postgres';
  describe: string;
  db: Kysely<Schema>;
  tx: TxRunner;
  /** SQLite only: the better-sqlite3 handle under Kysely (for pragmas) */
  raw?: BetterSqlite3.Database;
  /** Closes the pool / the file. */
  close(): Promise<void>;
}

/**
 * SQLite in `<dataDir>/lachan.sqlite`: WAL (readers never wait for the writer, and two gateway
 * processes can share the file), busy_timeout for writers, foreign keys on. synchronous=NORMAL:
 * commits survive a process crash without an fsync each (better-sqlite3 blocks the event loop while
 * it syncs); the writes that must survive a power cut once the sender got 250 (quarantine holds,
 * audit rows) ask for a durable transaction, see TxOptions.
 */
export function connectSqlite(dataDir: string, log?: Logger): Connection {
  mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, 'lachan.sqlite');
  const raw = new BetterSqlite3(file);
  let checkpoints: IdleCheckpointer;
  try {
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // the WAL is copied back between messages, not inside one message's commit (see checkpoint.ts)
    checkpoints = idleCheckpointer(raw, undefined, (err) =>
      log?.warn({ evt: 'db.checkpoint_failed', err: (err as Error)?.message ?? String(err) }, 'SQLite checkpoint failed'),
    );
  } catch (err) {
    raw.close();
    throw err;
  }
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  const tx = sqliteTxRunner(raw, checkpoints.touch);
  return {
    kind: 'sqlite',
    describe: `SQLite ${file}`,
    db,
    tx,
    raw,
    async close() {
      // lazy writes (settle records) still waiting for company are committed now
      if (raw.open) tx.drain();
      checkpoints.stop();
      await db.destroy();
      // Kysely closes the handle only if it ever used it (it may not have: see migrate's fast path).
      if (raw.open) raw.close();
    },
  };
}

/**
 * PostgreSQL through a pg Pool. A connection that breaks is dropped by the pool when released (it
 * checks that the client is still queryable), the next query opens a new one: the gateway recovers by
 * itself when the server comes back. Errors on idle or checked-out clients are logged, never thrown
 * into the event loop (an 'error' event without a listener would end the process).
 */
export function connectPostgres(url: string, log?: Logger): Connection {
  // loaded only when PostgreSQL is used: the default (SQLite) gateway does not carry pg in memory
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    // A hung server or a lock held forever must end as a 451 well within Postfix's 100 s proxy timeout.
    statement_timeout: PG_STATEMENT_TIMEOUT_MS,
    query_timeout: PG_STATEMENT_TIMEOUT_MS + 5_000,
    application_name: 'lachan',
  });
  pool.on('error', (err) => log?.warn({ evt: 'db.connection-lost', err: err.message }, 'idle database connection lost'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log?.debug({ evt: 'db.client-error', err: err.message }, 'database client error'));
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', describe: describePostgres(url), db, tx: postgresTxRunner(db), close: () => db.destroy() };
}

/** 'PostgreSQL host:port/database', never the user or password. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)';
    return `PostgreSQL ${host}:${u.port || '5432'}/${database}`;
  } catch {
    return 'PostgreSQL (unparsable URL)';
  }
}

/**
 * Runs every pending migration. PostgreSQL: Kysely's migrator holds an advisory lock and a
 * transaction, so two gateways starting together run them once. SQLite: the migrator's own
 * transaction is deferred (a second process could read "nothing applied" and then collide), so it
 * runs inside our BEGIN IMMEDIATE instead: whoever gets the write lock migrates, the other waits and
 * then finds nothing to do. busy_timeout is off meanwhile, so waiting happens in async sleeps and never
 * blocks the thread (which could stall a second connection of the same process).
 */
export async function migrate(conn: Connection): Promise<void> {
  const raw = conn.raw;
  if (!raw) {
    const { error } = await new Migrator({ db: conn.db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
    return;
  }
  if (sqliteUpToDate(raw)) return;
  const migrator = new Migrator({ db: conn.db, provider: migrationProvider, disableTransactions: true });
  raw.pragma('busy_timeout = 0');
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        raw.exec('BEGIN IMMEDIATE');
      } catch (err) {
        if (!isSqliteBusy(err) || attempt >= 200) throw err;
        await sleep(10 + Math.random() * 40);
        continue;
      }
      const { error } = await migrator.migrateToLatest();
      if (error) {
        if (raw.inTransaction) raw.exec('ROLLBACK');
        throw error;
      }
      raw.exec('COMMIT');
      return;
    }
  } finally {
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
}

/** True when every migration is recorded as applied: the usual start, which needs no write lock. */
function sqliteUpToDate(raw: BetterSqlite3.Database): boolean {
  try {
    const applied = new Set((raw.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name));
    return Object.keys(MIGRATIONS).every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet
  }
}

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
