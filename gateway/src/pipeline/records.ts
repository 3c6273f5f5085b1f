import type { Database } from '../db/index.js';
import { quarantineMessage } from '../quarantine/index.js';
import type { MessageStore } from '../quarantine/store.js';
import type { Logger } from '../log.js';
import type { Verdict } from '../policy/types.js';
import type { Spooled } from '../smtp/spool.js';
import type { HoldReason, Ledger, Vault } from './dispose.js';
import type { MessageSummary } from './summary.js';

/** The ledger of the mail path, on the database's message records. */
export function createLedger(db: Database): Ledger {
  return {
    async record(s: MessageSummary) {
      await db.messages.record(s);
    },
    async settle(ref, outcome) {
      await db.messages.settle(ref, {
        action: outcome.action,
        downstreamReply: outcome.downstream ?? outcome.error ?? null,
      });
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Durable originals, held with quarantine/'s quarantineMessage: stored first, then recorded; kept
 * `keepDays` (LACHAN_QUARANTINE_DAYS) before retention may delete them, 0: until someone does.
 */
export function createVault(db: Database, store: MessageStore, log?: Logger, keepDays = 0): Vault {
  return {
    async hold(message: Spooled, s: MessageSummary, verdict: Verdict, why?: HoldReason) {
      const stripped = why && 'stripped' in why ? why.stripped : undefined;
      const unrewritable = why && 'unrewritable' in why ? why.unrewritable : undefined;
      await quarantineMessage({
        db,
        store,
        ref: s.ref,
        ...(message.path ? { spoolPath: message.path } : { buffer: await message.read() }),
        verdict,
        envelope: { mailFrom: s.mailFrom, rcptTo: s.rcptTo, remoteAddress: s.remoteAddress },
        subject: s.subject,
        stripped,
        reason: unrewritable,
        ...(keepDays > 0 ? { expiresAt: new Date(Date.now() + keepDays * DAY_MS) } : {}),
        auditAction: stripped?.length ? 'message.stripped' : unrewritable !== undefined ? 'message.unrewritable' : 'message.quarantined',
        log,
      });
    },
  };
}
