import type { Logger } from 'pino';
import { applyActions } from '../act/index.js';
import type { Relay } from '../deliver/relay.js';
import { t } from '../i18n/index.js';
import type { Policy, Verdict } from '../policy/types.js';
import { LachanError } from '../errors.js';
import type { Outcome } from '../smtp/replies.js';
import type { Spooled } from '../smtp/spool.js';
import type { Envelope } from '../smtp/types.js';
import type { Evaluation } from './evaluate.js';
import { summarize, type MessageSummary } from './summary.js';

/** What the mail path writes about every message (tracking, reports, inspection). */
export interface Ledger {
  /** Record the message and its verdict before anything is done with it. Throws LC_DB_UNAVAILABLE. */
  record(summary: MessageSummary): Promise<void>;
  /** Record how it ended (downstream reply, or the error that changed the action). Best effort. */
  settle(ref: string, outcome: { action: Outcome['action']; downstream?: string; error?: string }): Promise<void>;
}

/** Durable storage of originals: quarantined messages and the originals of stripped ones. */
export interface Vault {
  /** `stripped`: the names of the attachments removed before delivery (the reason it is held). */
  hold(message: Spooled, summary: MessageSummary, verdict: Verdict, stripped?: string[]): Promise<void>;
}

export interface Dispatch {
  ledger: Ledger;
  vault: Vault;
  relay: Relay;
  gatewayName: string;
  /** This deployment's banner key (see act/types.ts ActPlan.bannerKey). */
  bannerKey?: string;
  /** The policy in force (its subject tag for the 'tag' action). */
  policy(): Policy;
  log: Logger;
}

/**
 * The subject prefix, if any: the policy's external tag for a tagged message, and a warning tag for
 * a warned message that has no text or HTML body to carry the banner (so the warning is still seen).
 */
export function subjectTagFor(ev: Evaluation, policy: Policy): string | undefined {
  const tags: string[] = [];
  if (ev.verdict.warning && !ev.parsed.text.trim() && !ev.parsed.html.trim()) tags.push(t('subject.warning-tag'));
  if (ev.verdict.tagged && policy.settings.externalTag) tags.push(policy.settings.externalTag);
  return tags.length ? tags.join(' ') : undefined;
}

/**
 * Acts on the verdict and says how it ended: deliver (after act/ changed what the verdict asks),
 * quarantine, reject, or tempfail. The SMTP layer turns the outcome into its reply; nothing here
 * answers 250 before the downstream accepted the message or it was stored.
 */
export async function dispose(ev: Evaluation, message: Spooled, envelope: Envelope, d: Dispatch): Promise<Outcome> {
  const { verdict, parsed } = ev;
  const summary = summarize(ev, envelope);
  const ref = envelope.ref;
  const log = d.log.child({ ref });

  if (verdict.action === 'tempfail') {
    await d.ledger.record(summary).catch((err) => log.warn({ evt: 'ledger.failed', err: (err as Error).message }));
    log.info({ evt: 'message.tempfail', reason: verdict.reason }, 'temporary failure');
    return { action: 'tempfail', ref, verdict, error: ev.error ?? new LachanError('LC_SCAN_FAILED') };
  }

  // The record comes first: a message we cannot account for is not accepted (451 if the DB is down).
  await d.ledger.record(summary);

  if (verdict.action === 'reject') {
    log.info({ evt: 'message.rejected', categories: verdict.categories }, 'rejected');
    return { action: 'reject', ref, verdict };
  }

  if (verdict.action === 'quarantine') {
    await d.vault.hold(message, summary, verdict);
    log.info({ evt: 'message.quarantined', categories: verdict.categories }, 'quarantined');
    return { action: 'quarantine', ref, verdict };
  }

  // deliver — perhaps with a banner, a tag, or dangerous attachments stripped
  if (verdict.strip.length) await d.vault.hold(message, summary, verdict, summary.stripped);
  const strip = parsed.attachments
    .filter((a) => verdict.strip.includes(a.id))
    .map((a) => ({ id: a.id, partPath: a.partPath ?? '', filename: a.filename }));
  try {
    const result = await d.relay.send({ from: envelope.mailFrom, to: envelope.rcptTo }, () =>
      applyActions(message.open(), {
        ref,
        verdict,
        strip,
        gatewayName: d.gatewayName,
        bannerKey: d.bannerKey,
        subjectTag: subjectTagFor(ev, d.policy()),
      }),
    );
    // Recipients were verified at RCPT time; one refused now (it changed in between) is recorded.
    const refused = result.rejected.length ? ` (refused by the downstream: ${result.rejected.join(', ')})` : '';
    if (refused) log.warn({ evt: 'deliver.partial', refused: result.rejected }, 'downstream refused some recipients');
    await d.ledger.settle(ref, { action: 'deliver', downstream: result.response + refused }).catch(() => undefined);
    log.info({ evt: 'message.delivered', downstream: result.response, warning: verdict.warning }, 'delivered');
    return { action: 'deliver', ref, verdict, downstream: result.response };
  } catch (err) {
    const error = err instanceof LachanError ? err : new LachanError('LC_DOWNSTREAM_UNAVAILABLE', (err as Error).message);
    const action = error.temporary ? 'tempfail' : 'reject';
    await d.ledger.settle(ref, { action, error: error.message }).catch(() => undefined);
    return { action, ref, verdict, error };
  }
}
