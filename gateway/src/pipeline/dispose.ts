import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { actError } from '../act/act-stream.js';
import { applyActions, stripTargets, type ActPlan } from '../act/index.js';
import { previewActions } from '../act/preview.js';
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

/** Why an original is held, when it is not simply its verdict (the quarantine record's reason). */
export type HoldReason =
  /** the file names of the attachments removed before delivery: the original is kept because of them */
  | { stripped: string[] }
  /** act/ could not rewrite it for delivery, so it is held instead of delivered: why */
  | { unrewritable: string };

/** Durable storage of originals: quarantined messages and the originals of stripped ones. */
export interface Vault {
  hold(message: Spooled, summary: MessageSummary, verdict: Verdict, why?: HoldReason): Promise<void>;
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
 * The subject prefix, if any: a warning tag for a warned message whose banner no body part will
 * carry (`bannerInBody`, from act/'s previewActions: no text or HTML body, a part too big for the
 * banner, a charset it cannot be written in), so that the warning is always seen; and the
 * policy's external tag for a tagged message.
 */
export function subjectTagFor(verdict: Verdict, policy: Policy, bannerInBody: boolean): string | undefined {
  const tags: string[] = [];
  if (verdict.warning && !bannerInBody) tags.push(t('subject.warning-tag'));
  if (verdict.tagged && policy.settings.externalTag) tags.push(policy.settings.externalTag);
  return tags.length ? tags.join(' ') : undefined;
}

/** The quarantine reason for a message act/ could not rewrite, from the error it failed with. */
export function unrewritableReason(err: unknown): string {
  const error = actError(err);
  const prefix = `${error.spec.message}: `;
  const detail = (error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message).replace(
    /^could not rewrite the message for delivery: /,
    '',
  );
  return `could not be rewritten for delivery: ${detail}`;
}

/**
 * Acts on the verdict and says how it ended: deliver (after act/ changed what the verdict asks),
 * quarantine, reject, or tempfail. The SMTP layer turns the outcome into its reply; nothing here
 * answers 250 before the downstream accepted the message or it was stored.
 */
export async function dispose(ev: Evaluation, message: Spooled, envelope: Envelope, d: Dispatch): Promise<Outcome> {
  const { verdict } = ev;
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

  return deliver(ev, message, envelope, summary, d, log);
}

/** Best effort: how the message ended, for tracking; a failure is logged, never the message's fate. */
async function settle(d: Dispatch, log: Logger, ref: string, outcome: Parameters<Ledger['settle']>[1]): Promise<void> {
  await d.ledger.settle(ref, outcome).catch((err: unknown) =>
    log.warn({ evt: 'ledger.settle_failed', action: outcome.action, err: (err as Error)?.message ?? String(err) }, 'could not record how the message ended'),
  );
}

/**
 * deliver — perhaps with a banner, a tag, or dangerous attachments stripped. A message that act/
 * cannot rewrite (a part to strip not found, MIME limits) is not delivered and not deferred (the
 * sender would retry until it gives up, and nobody could act on it): its original is held in
 * quarantine with the reason, for an administrator to review; only when that fails, 451.
 */
async function deliver(
  ev: Evaluation,
  message: Spooled,
  envelope: Envelope,
  summary: MessageSummary,
  d: Dispatch,
  log: Logger,
): Promise<Outcome> {
  const { verdict, parsed } = ev;
  const ref = envelope.ref;
  const strip = stripTargets(parsed.attachments, verdict.strip);
  const lost = verdict.strip.filter((id) => !strip.some((s) => s.id === id));
  if (lost.length) return holdUnrewritable(`attachment to strip ${lost.join(', ')} is not in the parsed message`);

  const plan: ActPlan = { ref, verdict, strip, gatewayName: d.gatewayName, bannerKey: d.bannerKey };
  // The subject is written before the bodies: learn first whether a body part will show the banner
  // (and, when something is to be stripped, that the rewrite goes through) with the same code.
  let bannerInBody = false;
  if (verdict.warning || strip.length) {
    try {
      const preview = await previewActions(message.open(), plan);
      bannerInBody = preview.bannered > 0;
      if (preview.faithful === false) {
        // mailsplit would drop or repeat bytes of this message (split-fidelity.ts): never rewrite it
        if (strip.length) return holdUnrewritable('its MIME split does not give the message back byte for byte');
        plan.headersOnly = true;
        bannerInBody = false;
        log.warn({ evt: 'act.banner_skipped' }, 'MIME split not byte for byte: the warning goes in the subject, the body is passed on as it came');
      }
    } catch (err) {
      return holdUnrewritable(unrewritableReason(err));
    }
  }
  const subjectTag = subjectTagFor(verdict, d.policy(), bannerInBody);

  if (verdict.strip.length) await d.vault.hold(message, summary, verdict, { stripped: summary.stripped });
  let bannered = 0;
  let actFailure: LachanError | undefined;
  const rewritten = (): Readable => {
    bannered = 0;
    const out = applyActions(message.open(), {
      ...plan,
      subjectTag,
      onBanner: () => {
        bannered += 1;
      },
      onWholeForward: (part, reason) => {
        log.warn({ evt: 'act.forward_replaced', part, reason }, 'a forwarded message holding an attachment to strip could not be opened: replaced whole by the notice');
      },
    });
    // act/ fails only with LachanErrors; the relay's own errors (and nodemailer's) are not
    out.on('error', (err) => {
      if (err instanceof LachanError) actFailure ??= err;
    });
    return out;
  };
  try {
    const result = await d.relay.send({ from: envelope.mailFrom, to: envelope.rcptTo }, rewritten);
    if (verdict.warning && !subjectTag && bannered === 0) {
      log.error({ evt: 'act.banner_missing' }, 'warned message delivered without a banner although one was predicted');
    }
    // Recipients were verified at RCPT time; one refused now (it changed in between) is recorded.
    const refused = result.rejected.length ? ` (refused by the downstream: ${result.rejected.join(', ')})` : '';
    if (refused) log.warn({ evt: 'deliver.partial', refused: result.rejected }, 'downstream refused some recipients');
    // The downstream's reply is recorded after we answer: the message is delivered either way, and
    // the sender need not wait for a second commit (settle is best effort and logs its failures).
    void settle(d, log, ref, { action: 'deliver', downstream: result.response + refused });
    log.info({ evt: 'message.delivered', downstream: result.response, warning: verdict.warning }, 'delivered');
    return { action: 'deliver', ref, verdict, downstream: result.response };
  } catch (err) {
    // the rewrite failed during the transfer (the preview stops early, or found nothing to fail on):
    // the downstream saw an aborted DATA, nothing was delivered
    if (actFailure) return holdUnrewritable(unrewritableReason(actFailure));
    const error = err instanceof LachanError ? err : new LachanError('LC_DOWNSTREAM_UNAVAILABLE', (err as Error).message);
    const action = error.temporary ? 'tempfail' : 'reject';
    await settle(d, log, ref, { action, error: error.message });
    return { action, ref, verdict, error };
  }

  async function holdUnrewritable(reason: string): Promise<Outcome> {
    log.warn({ evt: 'act.failed', reason }, 'message could not be rewritten for delivery: holding it in quarantine');
    try {
      // (after a strip hold this ref is already held, as 'stripped'; the hold is then a no-op and
      // the reason is in the message record and this log)
      await d.vault.hold(message, summary, verdict, { unrewritable: reason });
    } catch (err) {
      const error = err instanceof LachanError ? err : new LachanError('LC_STORE_FAILED', (err as Error)?.message ?? String(err));
      log.warn({ evt: 'act.hold_failed', code: error.code, err: error.message }, 'could not hold the message that could not be rewritten');
      await settle(d, log, ref, { action: 'tempfail', error: `${reason}; holding it failed: ${error.message}` });
      return { action: 'tempfail', ref, verdict, error };
    }
    await settle(d, log, ref, { action: 'quarantine', error: reason });
    log.info({ evt: 'message.quarantined', categories: verdict.categories, reason }, 'quarantined');
    return { action: 'quarantine', ref, verdict };
  }
}
