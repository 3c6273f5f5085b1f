import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { FinalAction, RuleHit } from '../policy/types.js';
import { guarded } from './errors.js';
import { clampLimit, cleanText, fromJson, normaliseAddresses, toJson } from './columns.js';
import type { MessagesTable, Schema } from './schema.js';
import { isoTime, type Time } from './time.js';
import { ShapedStatements, shapedRows, type TxRunner } from './tx.js';

/** What the gateway records for every message it answered, whatever the outcome. */
export interface MessageRecord {
  /** ULID of the message (the reference given in SMTP replies) */
  ref: string;
  /** ULID of the SMTP session */
  sessionRef: string;
  receivedAt: Time;
  remoteAddress: string;
  helo: string;
  /** envelope MAIL FROM ('' for the null sender) */
  mailFrom: string;
  /** envelope RCPT TO, in order */
  rcptTo: string[];
  /** the header From as written */
  headerFrom: string;
  subject: string;
  messageId: string;
  size: number;
  sha256: string;
  action: FinalAction;
  warning: boolean;
  /** file names of stripped attachments */
  stripped: string[];
  categories: string[];
  /** Verdict.hits and Verdict.monitored as they were (rule, action, category, mode, findings) */
  hits: RuleHit[];
  monitored: RuleHit[];
  /** JSON-serialisable summaries of the message's URLs and attachments, as the scanners report them */
  urls: unknown[];
  attachments: unknown[];
  /** the downstream server's reply, for delivered mail */
  downstreamReply?: string;
  processingMs: number;
}

/** A message as read back: times are ISO-8601 UTC strings. */
export interface MessageRow extends Omit<MessageRecord, 'receivedAt' | 'downstreamReply'> {
  receivedAt: string;
  downstreamReply: string | null;
}

export interface MessageSearch {
  /** envelope recipient, any case */
  recipient?: string;
  /** envelope sender, any case */
  sender?: string;
  action?: FinalAction;
  /** the Message-ID header as recorded, with or without its angle brackets */
  messageId?: string;
  /** one of the verdict's categories */
  category?: string;
  /** received at or after */
  since?: Time;
  /** received strictly before */
  until?: Time;
  limit: number;
}

export interface MessageRepository {
  /** Records a message with its recipients and categories in one transaction. Recording the same ref
   *  again changes nothing and returns false. */
  record(rec: MessageRecord): Promise<boolean>;
  /**
   * Records how a message ended once that is known (after delivery: the downstream's reply; or the
   * action an error changed it to). Returns false when no message has this ref.
   */
  settle(ref: string, outcome: { action: FinalAction; downstreamReply: string | null }): Promise<boolean>;
  get(ref: string): Promise<MessageRow | undefined>;
  /** Newest first. */
  search(query: MessageSearch): Promise<MessageRow[]>;
}

function toRow(r: Selectable<MessagesTable>): MessageRow {
  return {
    ref: r.ref,
    sessionRef: r.session_ref,
    receivedAt: r.received_at,
    remoteAddress: r.remote_address,
    helo: r.helo,
    mailFrom: r.mail_from,
    rcptTo: fromJson<string[]>(r.rcpt_to, []),
    headerFrom: r.header_from,
    subject: r.subject,
    messageId: r.message_id,
    size: Number(r.size),
    sha256: r.sha256,
    action: r.action as FinalAction,
    warning: Number(r.warning) === 1,
    stripped: fromJson<string[]>(r.stripped, []),
    categories: fromJson<string[]>(r.categories, []),
    hits: fromJson<RuleHit[]>(r.hits, []),
    monitored: fromJson<RuleHit[]>(r.monitored, []),
    urls: fromJson<unknown[]>(r.urls, []),
    attachments: fromJson<unknown[]>(r.attachments, []),
    downstreamReply: r.downstream_reply,
    processingMs: Number(r.processing_ms),
  };
}

export function createMessageRepository(db: Kysely<Schema>, tx: TxRunner): MessageRepository {
  const shaped = new ShapedStatements();
  return {
    record: (rec) =>
      guarded('messages.record', () => {
        const receivedAt = isoTime(rec.receivedAt);
        const recipients = normaliseAddresses(rec.rcptTo);
        const categories = [...new Set(rec.categories.map(cleanText))];
        const row: Insertable<MessagesTable> = {
          ref: rec.ref,
          session_ref: cleanText(rec.sessionRef),
          received_at: receivedAt,
          remote_address: cleanText(rec.remoteAddress),
          helo: cleanText(rec.helo),
          mail_from: cleanText(rec.mailFrom),
          rcpt_to: toJson(rec.rcptTo),
          header_from: cleanText(rec.headerFrom),
          subject: cleanText(rec.subject),
          message_id: cleanText(rec.messageId),
          size: rec.size,
          sha256: rec.sha256,
          action: rec.action,
          warning: rec.warning ? 1 : 0,
          stripped: toJson(rec.stripped),
          categories: toJson(categories),
          hits: toJson(rec.hits),
          monitored: toJson(rec.monitored),
          urls: toJson(rec.urls),
          attachments: toJson(rec.attachments),
          downstream_reply: rec.downstreamReply === undefined ? null : cleanText(rec.downstreamReply),
          processing_ms: Math.round(rec.processingMs),
        };
        const recipientRows = recipients.map((recipient) => ({ message_ref: rec.ref, recipient, received_at: receivedAt }));
        const categoryRows = categories.map((category) => ({ message_ref: rec.ref, category, received_at: receivedAt, action: rec.action }));
        return tx(function* () {
          // the same statements for every message: compiled once per shape (ShapedStatements)
          const inserted = yield* shapedRows(
            shaped.get(
              'messages.insert',
              () => db.insertInto('messages').values(row).onConflict((oc) => oc.column('ref').doNothing()).returning('ref'),
              Object.values(row),
            ),
          );
          if (inserted.length === 0) return false;
          if (recipientRows.length > 0) {
            yield shaped.get(
              `message_recipients.insert:${recipientRows.length}`,
              () => db.insertInto('message_recipients').values(recipientRows),
              recipientRows.flatMap((r) => [r.message_ref, r.recipient, r.received_at]),
            );
          }
          if (categoryRows.length > 0) {
            yield shaped.get(
              `message_categories.insert:${categoryRows.length}`,
              () => db.insertInto('message_categories').values(categoryRows),
              categoryRows.flatMap((r) => [r.message_ref, r.category, r.received_at, r.action]),
            );
          }
          return true;
        });
      }),

    settle: (ref, outcome) =>
      guarded('messages.settle', () => {
        const reply = outcome.downstreamReply === null ? null : cleanText(outcome.downstreamReply);
        const action = outcome.action;
        return tx(function* () {
          const updated = yield* shapedRows(
            shaped.get(
              'messages.settle-reply',
              () => db.updateTable('messages').set({ downstream_reply: reply }).where('ref', '=', ref).returning('ref'),
              [reply, ref],
            ),
          );
          if (updated.length === 0) return false;
          // Most messages end as recorded (delivered): then no indexed column is written again.
          yield shaped.get(
            'messages.settle-action',
            () => db.updateTable('messages').set({ action }).where('ref', '=', ref).where('action', '<>', action),
            [action, ref, action],
          );
          yield shaped.get(
            'message_categories.settle-action',
            () => db.updateTable('message_categories').set({ action }).where('message_ref', '=', ref).where('action', '<>', action),
            [action, ref, action],
          );
          return true;
          // nobody waits for it (the sender has its reply): committed with the next message's record
        }, { lazy: true });
      }),

    get: (ref) =>
      guarded('messages.get', async () => {
        const row = await db.selectFrom('messages').selectAll().where('ref', '=', ref).executeTakeFirst();
        return row ? toRow(row) : undefined;
      }),

    search: (query) =>
      guarded('messages.search', async () => {
        let q = db.selectFrom('messages').selectAll('messages');
        if (query.recipient !== undefined) {
          // An index range scan on message_recipients (recipient, received_at), then the messages by key.
          const [recipient = ''] = normaliseAddresses([query.recipient]);
          let byRecipient = db
            .selectFrom('message_recipients')
            .select('message_ref')
            .where('recipient', '=', recipient);
          if (query.since !== undefined) byRecipient = byRecipient.where('received_at', '>=', isoTime(query.since));
          if (query.until !== undefined) byRecipient = byRecipient.where('received_at', '<', isoTime(query.until));
          q = q.where('messages.ref', 'in', byRecipient);
        }
        if (query.sender !== undefined) q = q.where(sql<string>`lower(mail_from)`, '=', query.sender.trim().toLowerCase());
        if (query.action !== undefined) q = q.where('messages.action', '=', query.action);
        if (query.messageId !== undefined) {
          const bare = query.messageId.trim().replace(/^<|>$/g, '');
          q = q.where('messages.message_id', 'in', [bare, `<${bare}>`]);
        }
        if (query.category !== undefined) {
          q = q.where('messages.ref', 'in', db.selectFrom('message_categories').select('message_ref').where('category', '=', query.category));
        }
        if (query.since !== undefined) q = q.where('messages.received_at', '>=', isoTime(query.since));
        if (query.until !== undefined) q = q.where('messages.received_at', '<', isoTime(query.until));
        const found = await q
          .orderBy('messages.received_at', 'desc')
          .orderBy('messages.ref', 'desc')
          .limit(clampLimit(query.limit))
          .execute();
        return found.map(toRow);
      }),
  };
}
