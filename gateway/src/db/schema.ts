/**
 * The tables as Kysely sees them. Column types are the portable subset both SQLite and
 * PostgreSQL store the same way:
 * - times are ISO-8601 UTC text from `Date#toISOString()` ('2025-03-01T08:15:00.000Z'): fixed width,
 *   so they sort as text, compare with plain string bounds and group by month with `substr(at, 1, 7)`;
 * - ULIDs, addresses and JSON documents are text; flags are integers 0/1 (better-sqlite3 binds no booleans);
 * - `bigint` columns come back from PostgreSQL as strings: repositories convert them with Number().
 */
export interface MessagesTable {
  ref: string;
  session_ref: string;
  received_at: string;
  remote_address: string;
  helo: string;
  mail_from: string;
  /** JSON array of envelope recipients, in the order given (also one row each in message_recipients). */
  rcpt_to: string;
  header_from: string;
  subject: string;
  message_id: string;
  /** bigint: a string from PostgreSQL */
  size: number | string;
  sha256: string;
  action: string;
  warning: number;
  /** JSON arrays / documents */
  stripped: string;
  categories: string;
  hits: string;
  monitored: string;
  urls: string;
  attachments: string;
  downstream_reply: string | null;
  processing_ms: number;
}

/** One row per (message, recipient): "where is my mail for x@…" is an index range scan. */
export interface MessageRecipientsTable {
  message_ref: string;
  /** lower-case address */
  recipient: string;
  received_at: string;
}

/** One row per (message, category): reports group by category and month on this table alone. */
export interface MessageCategoriesTable {
  message_ref: string;
  category: string;
  received_at: string;
  action: string;
}

export interface QuarantineTable {
  ref: string;
  sha256: string;
  /** bigint: a string from PostgreSQL */
  size: number | string;
  reason: string;
  categories: string;
  rules: string;
  recipients: string;
  mail_from: string;
  subject: string;
  status: string;
  created_at: string;
  expires_at: string | null;
  status_changed_at: string | null;
  status_by: string | null;
  status_reason: string | null;
}

export interface QuarantineRecipientsTable {
  ref: string;
  recipient: string;
  created_at: string;
}

export interface AuditLogTable {
  /** bigint: a string from PostgreSQL */
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  target: string;
  /** canonical JSON, hashed as stored */
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface Schema {
  messages: MessagesTable;
  message_recipients: MessageRecipientsTable;
  message_categories: MessageCategoriesTable;
  quarantine: QuarantineTable;
  quarantine_recipients: QuarantineRecipientsTable;
  audit_log: AuditLogTable;
}
