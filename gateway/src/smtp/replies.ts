import { ERRORS, LachanError } from '../errors.js';
import { hasKey, t } from '../i18n/index.js';
import type { FinalAction, Verdict } from '../policy/types.js';

/** An SMTP reply: the basic code and the text, which starts with the enhanced status code. */
export interface SmtpReply {
  code: number;
  text: string;
}

/** What happened to a message, as the SMTP layer must report it. */
export interface Outcome {
  action: FinalAction;
  ref: string;
  verdict?: Verdict;
  /** The error that made this a temporary or permanent failure. */
  error?: LachanError;
  /** Downstream's reply when the message was relayed. */
  downstream?: string;
}

/** SMTP replies must be US-ASCII: Vietnamese is written without diacritics here. */
export function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** The reply for an error that ends a transaction: its own SMTP code (451 when it has none). */
export function replyForError(error: LachanError, ref: string): SmtpReply {
  const spec = ERRORS[error.code] as { smtp?: readonly [number, string]; message: string };
  const [basic, enhanced] = spec.smtp ?? [451, '4.3.0'];
  const retry = basic >= 400 && basic < 500 ? ', try again later' : '';
  return { code: basic, text: `${enhanced} ${spec.message}${retry}, ref=${ref}` };
}

/**
 * The one place where an outcome becomes an SMTP reply (Haraka's habit: a closed set of outcomes,
 * mapped in one function). Every reply names the message reference.
 */
export function replyFor(outcome: Outcome): SmtpReply {
  const { ref } = outcome;
  switch (outcome.action) {
    case 'deliver':
      return { code: 250, text: `2.0.0 Ok: delivered, ref=${ref}` };
    case 'quarantine':
      return { code: 250, text: `2.0.0 Ok: held for review (thu duoc cach ly de kiem tra), ref=${ref}` };
    case 'reject': {
      if (outcome.error?.code === 'LC_DOWNSTREAM_REJECTED') {
        const down = (outcome.error as LachanError & { downstreamCode?: number }).downstreamCode ?? 554;
        return { code: down, text: `5.0.0 Downstream refused: ${ascii(outcome.error.message).slice(0, 200)}, ref=${ref}` };
      }
      const categories = outcome.verdict?.categories ?? [];
      const why = categories.length ? categories.join(', ') : 'policy';
      return {
        code: 550,
        text: `5.7.1 Message refused by security policy (thu bi tu choi theo chinh sach an toan): ${ascii(why)}${rejectReasons(categories)}, ref=${ref}`,
      };
    }
    case 'tempfail':
      if (outcome.error) return replyForError(outcome.error, ref);
      return { code: 451, text: `4.3.0 Temporarily unable to process, try again later, ref=${ref}` };
  }
}

/**
 * What the sender's server should tell its user, for the categories that have their own reason
 * (`smtp.reject-reason.<category>`): Vietnamese first, then English. Most categories name
 * themselves well enough (malware, phishing) and add nothing.
 */
function rejectReasons(categories: readonly string[]): string {
  const keys = categories.map((c) => `smtp.reject-reason.${c}`).filter(hasKey);
  return keys.length ? ` - ${keys.map((key) => `${ascii(t(key, {}, 'vi'))} / ${ascii(t(key, {}, 'en'))}`).join('; ')}` : '';
}

/** smtp-server wants an Error with responseCode for anything but 250. */
export function toSmtpError(reply: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}
