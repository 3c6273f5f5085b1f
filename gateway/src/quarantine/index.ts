import type { AuditEntry, Database, Time } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Verdict } from '../policy/types.js';
import type { MessageStore } from './store.js';

export { createMessageStore, FileMessageStore, isSha256 } from './store.js';
export type { MessageStore, StoredMessage, StoreSource } from './store.js';

export interface QuarantineMessageInput {
  db: Pick<Database, 'quarantine'>;
  store: Pick<MessageStore, 'put'>;
  /** the message ref (ULID) */
  ref: string;
  /** the spooled original; or `buffer` */
  spoolPath?: string;
  buffer?: Buffer;
  verdict: Verdict;
  envelope: { mailFrom: string; rcptTo: string[]; remoteAddress?: string };
  /** for the quarantine list; the store has the rest */
  subject?: string;
  /** when retention may delete it; none: kept until someone acts */
  expiresAt?: Time;
  /** who holds it, for the audit log */
  actor?: string;
  /** File names of attachments removed before delivery: the original is held because of them. */
  stripped?: string[];
  /**
   * Why it is held when that is not its verdict (e.g. the mail path could not rewrite it for
   * delivery): the record's reason, also in the audit detail. `stripped` takes precedence.
   */
  reason?: string;
  /** The audit log's name for this hold (default 'quarantine.hold'; the mail path says which kind). */
  auditAction?: string;
  log?: Logger;
}

export interface QuarantineResult {
  sha256: string;
  size: number;
  /** false when this ref was already held (a repeated call): nothing new was written */
  created: boolean;
  audit?: AuditEntry;
}

/**
 * Holds a message: stores the original durably first, then writes the quarantine record and its
 * audit row in one transaction. The SMTP layer answers 250 only after this resolves; any failure is
 * a LachanError (LC_STORE_FAILED or LC_DB_UNAVAILABLE, both temporary: answer 451). A stored file
 * whose record could not be written is only an orphan blob, never a lost message.
 */
export async function quarantineMessage(input: QuarantineMessageInput): Promise<QuarantineResult> {
  const source = input.spoolPath ?? input.buffer;
  if (source === undefined) throw new TypeError('quarantineMessage needs spoolPath or buffer');
  const { sha256, size } = await input.store.put(source);
  const rules = input.verdict.hits.map((hit) => hit.rule);
  const { created, audit } = await input.db.quarantine.add(
    {
      ref: input.ref,
      sha256,
      size,
      reason: input.stripped?.length ? `stripped: ${input.stripped.join(', ')}` : (input.reason ?? reasonOf(input.verdict)),
      categories: input.verdict.categories,
      rules,
      recipients: input.envelope.rcptTo,
      mailFrom: input.envelope.mailFrom,
      subject: input.subject,
      expiresAt: input.expiresAt,
    },
    {
      actor: input.actor ?? 'gateway',
      action: input.auditAction ?? 'quarantine.hold',
      target: input.ref,
      detail: {
        sha256,
        size,
        categories: input.verdict.categories,
        rules,
        mailFrom: input.envelope.mailFrom,
        rcptTo: input.envelope.rcptTo,
        remoteAddress: input.envelope.remoteAddress ?? null,
        ...(input.stripped?.length ? { stripped: input.stripped } : {}),
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
      },
    },
  );
  input.log?.info({ evt: 'quarantine.hold', ref: input.ref, sha256, size, created, rules }, 'message quarantined');
  return { sha256, size, created, ...(audit ? { audit } : {}) };
}

/** One line for the list: the most severe rule and why, or what was unavailable. */
export function reasonOf(verdict: Verdict): string {
  const first = verdict.hits[0];
  if (first) return first.description ? `${first.rule}: ${first.description}` : first.rule;
  return verdict.reason ?? 'policy';
}
