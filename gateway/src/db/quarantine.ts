import type { Kysely, Selectable } from 'kysely';
import { appendAuditRow, type AuditEntry, type AuditInput } from './audit.js';
import { clampLimit, cleanText, fromJson, normaliseAddresses, toJson } from './columns.js';
import { guarded } from './errors.js';
import type { QuarantineTable, Schema } from './schema.js';
import { isoTime, type Time } from './time.js';
import { exec, rows, type TxRunner } from './tx.js';

export const QUARANTINE_STATUSES = ['held', 'released', 'deleted'] as const;
export type QuarantineStatus = (typeof QUARANTINE_STATUSES)[number];

/** A quarantined message's record; the message itself is in the store under `sha256`. */
export interface QuarantineInput {
  /** the message ref (ULID) */
  ref: string;
  sha256: string;
  size: number;
  /** short technical reason, e.g. the most severe rule's id and description */
  reason: string;
  categories: string[];
  /** ids of the enforced rules that matched */
  rules?: string[];
  recipients: string[];
  mailFrom?: string;
  subject?: string;
  /** defaults to now */
  createdAt?: Time;
  /** when retention may delete it; none: kept until someone acts */
  expiresAt?: Time;
}

export interface QuarantineRecord {
  ref: string;
  sha256: string;
  size: number;
  reason: string;
  categories: string[];
  rules: string[];
  recipients: string[];
  mailFrom: string;
  subject: string;
  status: QuarantineStatus;
  createdAt: string;
  expiresAt: string | null;
  /** who changed the status last (release/delete), when and why */
  statusChangedAt: string | null;
  statusBy: string | null;
  statusReason: string | null;
}

export interface QuarantineQuery {
  limit: number;
  status?: QuarantineStatus;
  /** only mail held for this recipient (any case) */
  recipient?: string;
}

/** A status change asked by an administrator: from one of `from` to `to`, by whom and why. */
export interface QuarantineStatusChange {
  ref: string;
  /** the statuses it may be in now; anything else leaves it as it is */
  from: readonly QuarantineStatus[];
  to: QuarantineStatus;
  by: string;
  reason?: string;
  /** defaults to now */
  at?: Time;
}

export interface QuarantineRepository {
  /**
   * Writes the record (and, when given, its audit row in the same transaction). Adding a ref that
   * is already there changes nothing and returns `{ created: false }`: a retried hold is harmless.
   */
  add(input: QuarantineInput, audit?: AuditInput): Promise<{ created: boolean; audit?: AuditEntry }>;
  get(ref: string): Promise<QuarantineRecord | undefined>;
  /** Newest first. */
  list(query: QuarantineQuery): Promise<QuarantineRecord[]>;
  /**
   * Changes the status when the record is in one of `change.from` (compare and set: of two
   * administrators releasing the same message at once, one changes it), with its audit row in the
   * same transaction. `changed: false` (and no audit row) when there is no such record or it was
   * in another status; `record` is the record after the change, or as it is.
   */
  setStatus(change: QuarantineStatusChange, audit?: AuditInput): Promise<{ changed: boolean; record?: QuarantineRecord; audit?: AuditEntry }>;
  /** Held or released records whose expiry is at or before `now`, oldest expiry first. */
  expired(now: Time, limit: number): Promise<QuarantineRecord[]>;
  /** How many records other than `exceptRef` that are not deleted keep the stored bytes `sha256`. */
  countKeeping(sha256: string, exceptRef: string): Promise<number>;
}

function toRecord(r: Selectable<QuarantineTable>): QuarantineRecord {
  return {
    ref: r.ref,
    sha256: r.sha256,
    size: Number(r.size),
    reason: r.reason,
    categories: fromJson<string[]>(r.categories, []),
    rules: fromJson<string[]>(r.rules, []),
    recipients: fromJson<string[]>(r.recipients, []),
    mailFrom: r.mail_from,
    subject: r.subject,
    status: r.status as QuarantineStatus,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    statusChangedAt: r.status_changed_at,
    statusBy: r.status_by,
    statusReason: r.status_reason,
  };
}

export function createQuarantineRepository(
  db: Kysely<Schema>,
  kind: 'sqlite' | 'postgres',
  tx: TxRunner,
): QuarantineRepository {
  return {
    add: (input, audit) =>
      guarded('quarantine.add', () => {
        const createdAt = isoTime(input.createdAt ?? new Date());
        const recipients = normaliseAddresses(input.recipients);
        return tx(function* () {
          const inserted = yield* rows(
            db
              .insertInto('quarantine')
              .values({
                ref: input.ref,
                sha256: input.sha256,
                size: input.size,
                reason: cleanText(input.reason),
                categories: toJson(input.categories),
                rules: toJson(input.rules ?? []),
                recipients: toJson(recipients),
                mail_from: cleanText(input.mailFrom),
                subject: cleanText(input.subject),
                status: 'held',
                created_at: createdAt,
                expires_at: input.expiresAt === undefined ? null : isoTime(input.expiresAt),
              })
              .onConflict((oc) => oc.column('ref').doNothing())
              .returning('ref'),
          );
          if (inserted.length === 0) return { created: false };
          if (recipients.length > 0) {
            yield* exec(
              db
                .insertInto('quarantine_recipients')
                .values(recipients.map((recipient) => ({ ref: input.ref, recipient, created_at: createdAt }))),
            );
          }
          if (!audit) return { created: true };
          return { created: true, audit: yield* appendAuditRow(db, kind, audit) };
        }, { durable: true });
      }),

    get: (ref) =>
      guarded('quarantine.get', async () => {
        const row = await db.selectFrom('quarantine').selectAll().where('ref', '=', ref).executeTakeFirst();
        return row ? toRecord(row) : undefined;
      }),

    list: (query) =>
      guarded('quarantine.list', async () => {
        let q = db.selectFrom('quarantine').selectAll('quarantine');
        if (query.recipient !== undefined) {
          const [recipient = ''] = normaliseAddresses([query.recipient]);
          q = q.where(
            'quarantine.ref',
            'in',
            db.selectFrom('quarantine_recipients').select('ref').where('recipient', '=', recipient),
          );
        }
        if (query.status !== undefined) q = q.where('quarantine.status', '=', query.status);
        const found = await q
          .orderBy('quarantine.created_at', 'desc')
          .orderBy('quarantine.ref', 'desc')
          .limit(clampLimit(query.limit))
          .execute();
        return found.map(toRecord);
      }),

    setStatus: (change, audit) =>
      guarded('quarantine.set_status', async () => {
        const at = isoTime(change.at ?? new Date());
        const result = await tx(function* () {
          const updated = yield* rows(
            db
              .updateTable('quarantine')
              .set({ status: change.to, status_changed_at: at, status_by: cleanText(change.by), status_reason: change.reason === undefined ? null : cleanText(change.reason) })
              .where('ref', '=', change.ref)
              .where('status', 'in', [...change.from])
              .returning('ref'),
          );
          if (updated.length === 0) return { changed: false };
          if (!audit) return { changed: true };
          return { changed: true, audit: yield* appendAuditRow(db, kind, audit) };
        }, { durable: true });
        const row = await db.selectFrom('quarantine').selectAll().where('ref', '=', change.ref).executeTakeFirst();
        return { ...result, ...(row ? { record: toRecord(row) } : {}) };
      }),

    expired: (now, limit) =>
      guarded('quarantine.expired', async () => {
        const found = await db
          .selectFrom('quarantine')
          .selectAll()
          .where('expires_at', 'is not', null)
          .where('expires_at', '<=', isoTime(now))
          .where('status', 'in', ['held', 'released'])
          .orderBy('expires_at')
          .orderBy('ref')
          .limit(clampLimit(limit))
          .execute();
        return found.map(toRecord);
      }),

    countKeeping: (sha256, exceptRef) =>
      guarded('quarantine.count_keeping', async () => {
        const row = await db
          .selectFrom('quarantine')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('sha256', '=', sha256)
          .where('ref', '!=', exceptRef)
          .where('status', '!=', 'deleted')
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      }),
  };
}
