import type { Database } from '../db/index.js';
import type { MessageStore } from '../quarantine/store.js';
import type { Spooled } from '../smtp/spool.js';
import type { Ledger, Vault } from './dispose.js';
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

/**
 * Durable originals: the message goes into the content-addressed store first (fsynced), then its
 * quarantine record and audit row are written in one transaction. Only then does SMTP say 250.
 */
export function createVault(db: Database, store: MessageStore): Vault {
  return {
    async hold(message: Spooled, s: MessageSummary, reason: 'quarantine' | 'stripped') {
      const stored = await store.put(message.path ?? (await message.read()));
      const top = s.hits[0];
      await db.quarantine.add(
        {
          ref: s.ref,
          sha256: stored.sha256,
          size: stored.size,
          reason: reason === 'stripped' ? `stripped: ${s.stripped.join(', ')}` : top ? `${top.rule}: ${top.description}` : 'quarantine',
          categories: s.categories,
          rules: s.hits.map((h) => h.rule),
          recipients: s.rcptTo,
          mailFrom: s.mailFrom,
          subject: s.subject,
        },
        { actor: 'gateway', action: reason === 'stripped' ? 'message.stripped' : 'message.quarantined', target: s.ref, detail: { sha256: stored.sha256, categories: s.categories } },
      );
    },
  };
}
