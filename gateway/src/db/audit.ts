import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { clampLimit, fromJson } from './columns.js';
import { guarded } from './errors.js';
import type { AuditLogTable, Schema } from './schema.js';
import { exec, rows, type TxBody, type TxRunner } from './tx.js';
import { isoTime, type Time } from './time.js';

/**
 * The audit log: append-only and hash-chained. Row n stores prev_hash = hash of row n-1 (64 zeros for
 * row 1) and hash = SHA-256 over the canonical serialisation of its own fields and prev_hash, so an
 * edited row no longer matches its hash, and a removed, inserted or reordered row breaks a link.
 * (Cutting rows off the end leaves a shorter valid chain: compare `head` with a copy kept elsewhere,
 * e.g. the periodic report, to detect that.)
 */

export interface AuditInput {
  /** who: an admin user name, 'gateway', 'cli', a job name */
  actor: string;
  /** what, as a stable dotted name: 'quarantine.hold', 'quarantine.release', 'policy.reload' … */
  action: string;
  /** on what: a message ref, a user name, a policy version */
  target: string;
  /** any JSON-serialisable value; stored as canonical JSON */
  detail?: unknown;
  /** defaults to now */
  at?: Time;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
  prevHash: string;
  hash: string;
}

export type AuditVerifyResult =
  | { ok: true; count: number; /** hash of the last row ('' when empty) */ head: string }
  | {
      ok: false;
      /** the first row (or missing sequence number) where the chain fails */
      seq: number;
      /** 'edited': a row does not match its hash; 'missing': a sequence number is absent;
       *  'broken-link': prev_hash is not the hash of the row before (inserted, reordered or re-hashed);
       *  'out-of-sequence': a row numbered outside the chain (below 1, or between two numbers) */
      reason: 'edited' | 'missing' | 'broken-link' | 'out-of-sequence';
    };

export interface AuditLog {
  append(entry: AuditInput): Promise<AuditEntry>;
  verify(): Promise<AuditVerifyResult>;
  /** Newest first; `target` narrows to one message ref or object. */
  list(query: { limit: number; target?: string; beforeSeq?: number }): Promise<AuditEntry[]>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values always serialise to the same text. */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value ?? null, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
  return text ?? 'null';
}

/** The hash of one row: SHA-256 over a JSON array of its fields in a fixed order. */
export function auditHash(row: {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
  prevHash: string;
}): string {
  const canonical = JSON.stringify([row.seq, row.at, row.actor, row.action, row.target, row.detail, row.prevHash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

type AuditRow = Selectable<AuditLogTable>;

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    // a detail that is not JSON (edited by hand) reads as its text
    detail: fromJson<unknown>(row.detail, row.detail),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends one row inside a write transaction (also used by other repositories to write their record
 * and its audit row atomically). PostgreSQL: the table lock (it conflicts only with itself and writers,
 * readers go on) serialises appenders across processes; SQLite: the caller's BEGIN IMMEDIATE does.
 * The primary key on seq is the last guard: two rows can never claim the same place in the chain.
 */
export function* appendAuditRow(
  db: Kysely<Schema>,
  kind: 'sqlite' | 'postgres',
  entry: AuditInput,
): TxBody<AuditEntry> {
  if (kind === 'postgres') yield sql`lock table audit_log in share row exclusive mode`.compile(db);
  const [last] = yield* rows(db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
  const row = {
    seq: last ? Number(last.seq) + 1 : 1,
    at: isoTime(entry.at ?? new Date()),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    detail: canonicalJson(entry.detail),
    prevHash: last ? last.hash : GENESIS_HASH,
  };
  const hash = auditHash(row);
  yield* exec(
    db.insertInto('audit_log').values({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      detail: row.detail,
      prev_hash: row.prevHash,
      hash,
    }),
  );
  return { ...row, detail: JSON.parse(row.detail) as unknown, hash };
}

/**
 * Walks the chain in seq order, a page at a time (memory stays flat however long the log), and
 * reports the first row where it fails.
 */
export async function verifyAuditChain(db: Kysely<Schema>, pageSize = 1000): Promise<AuditVerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let after: number | undefined;
  for (;;) {
    let q = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(pageSize);
    if (after !== undefined) q = q.where('seq', '>', after);
    const page = await q.execute();
    for (const raw of page) {
      const seq = Number(raw.seq);
      if (seq < expectedSeq) return { ok: false, seq, reason: 'out-of-sequence' };
      if (seq > expectedSeq) return { ok: false, seq: expectedSeq, reason: 'missing' };
      if (auditHash({ ...raw, seq, prevHash: raw.prev_hash }) !== raw.hash) return { ok: false, seq, reason: 'edited' };
      if (raw.prev_hash !== prevHash) return { ok: false, seq, reason: 'broken-link' };
      prevHash = raw.hash;
      expectedSeq += 1;
      after = seq;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, count: expectedSeq - 1, head: expectedSeq > 1 ? prevHash : '' };
}

export function createAuditLog(db: Kysely<Schema>, kind: 'sqlite' | 'postgres', tx: TxRunner): AuditLog {
  return {
    append: (entry) => guarded('audit.append', () => tx(() => appendAuditRow(db, kind, entry), { durable: true })),

    verify: () => guarded('audit.verify', () => verifyAuditChain(db)),

    list: ({ limit, target, beforeSeq }) =>
      guarded('audit.list', async () => {
        let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(clampLimit(limit));
        if (target !== undefined) q = q.where('target', '=', target);
        if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
        return (await q.execute()).map(toEntry);
      }),
  };
}
