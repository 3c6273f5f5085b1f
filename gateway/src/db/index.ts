import { sql, type Kysely } from 'kysely';
import { LachanError } from '../errors.js';
import type { Logger } from '../log.js';
import { createAuditLog, type AuditLog } from './audit.js';
import { connectPostgres, connectSqlite, migrate, type Connection } from './connect.js';
import { guarded, toDbError } from './errors.js';
import { createMessageRepository, type MessageRepository } from './messages.js';
import { createQuarantineRepository, type QuarantineRepository } from './quarantine.js';
import type { Schema } from './schema.js';

export type { AuditEntry, AuditInput, AuditLog, AuditVerifyResult } from './audit.js';
export type { MessageRecord, MessageRepository, MessageRow, MessageSearch } from './messages.js';
export type {
  QuarantineInput,
  QuarantineQuery,
  QuarantineRecord,
  QuarantineRepository,
  QuarantineStatus,
  QuarantineStatusChange,
} from './quarantine.js';
export { QUARANTINE_STATUSES } from './quarantine.js';
export type { Schema } from './schema.js';
export type { Time } from './time.js';

export interface Database {
  kind: 'sqlite' | 'postgres';
  /** Where the data is, for start-up lines and health checks: never a password. */
  describe: string;
  messages: MessageRepository;
  quarantine: QuarantineRepository;
  audit: AuditLog;
  /** Read-only use by reports and the admin API (group by category and month, …). Writes go through the repositories. */
  kysely: Kysely<Schema>;
  /** Resolves when the database answers; LC_DB_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite lives in `<dataDir>/lachan.sqlite` when no databaseUrl is given. */
  dataDir: string;
  /** `postgres://user:password@host:port/database` */
  databaseUrl?: string;
  log?: Logger;
}

/**
 * Opens SQLite (default) or PostgreSQL, runs pending migrations and returns the repositories.
 * Fails with LC_CONFIG_INVALID for a URL that is not postgres://, LC_DB_UNAVAILABLE when the
 * database cannot be reached or migrated.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const url = opts.databaseUrl?.trim();
  if (url && !/^postgres(ql)?:\/\//i.test(url)) {
    throw new LachanError('LC_CONFIG_INVALID', 'LACHAN_DATABASE_URL must start with postgres:// or postgresql://');
  }
  let conn: Connection;
  try {
    conn = url ? connectPostgres(url, opts.log) : connectSqlite(opts.dataDir, opts.log);
  } catch (err) {
    throw toDbError(err, 'open');
  }
  try {
    await migrate(conn);
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw toDbError(err, `migrate ${conn.describe}`);
  }
  opts.log?.info({ evt: 'db.open', db: conn.describe }, 'database ready');
  return assemble(conn);
}

function assemble(conn: Connection): Database {
  const { db, kind, tx } = conn;
  let closing: Promise<void> | undefined;
  return {
    kind,
    describe: conn.describe,
    messages: createMessageRepository(db, tx),
    quarantine: createQuarantineRepository(db, kind, tx),
    audit: createAuditLog(db, kind, tx),
    kysely: db,
    ping: () =>
      guarded('ping', async () => {
        await sql`select 1`.execute(db);
      }),
    close: () => (closing ??= conn.close()),
  };
}
