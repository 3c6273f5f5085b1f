/**
 * Helpers for the act/ tests (and for other stages' tests that need a plan): verdicts, plans,
 * and a way to take our additions back out of a rewritten message.
 */
import type { Finding } from '../scan/types.js';
import { emptyVerdict } from '../policy/engine.js';
import type { RuleAction, Verdict } from '../policy/types.js';
import { bannerContent } from './banner.js';
import type { ActPlan, StripTarget } from './types.js';

export function finding(kind: Finding['kind'], subject?: string, attachment?: string): Finding {
  return { scanner: kind.startsWith('url.') ? 'urls' : kind.startsWith('attachment.') ? 'attachments' : 'content', kind, detail: `test ${kind}`, subject, attachment };
}

export function verdictWith(findings: Finding[], opts: { warning?: boolean; action?: RuleAction; strip?: string[]; categories?: string[] } = {}): Verdict {
  return {
    ...emptyVerdict(),
    warning: opts.warning ?? true,
    strip: opts.strip ?? [],
    categories: opts.categories ?? ['phishing'],
    hits: [{ rule: 'test-rule', description: 'test', action: opts.action ?? 'warn', category: 'phishing', mode: 'enforce', findings }],
  };
}

export const TEST_REF = '01J9ZX4T5S6V7W8X9Y0Z1A2B3C';
/** The deployment's banner key in tests (ActPlan.bannerKey). */
export const TEST_BANNER_KEY = 'k3yOfThisGateway';

/** The marker token our banner carries for this plan's verdict (see act/banner.ts bannerToken). */
export function bannerTokenFor(plan: ActPlan): string {
  return bannerContent(plan.verdict, plan.ref, plan.gatewayName, plan.bannerKey).key as string;
}

export function planFor(verdict: Verdict, strip: StripTarget[] = [], extra: Partial<ActPlan> = {}): ActPlan {
  return { ref: TEST_REF, verdict, strip, gatewayName: 'mx1.lachan.test', bannerKey: TEST_BANNER_KEY, ...extra };
}

/** A raw message from lines, joined with CRLF (or `eol`). */
export function mail(lines: string[], eol = '\r\n'): Buffer {
  return Buffer.from(lines.join(eol), 'latin1');
}

/**
 * The lines of a multipart/mixed body, from the end of its head: MIME-Version, the Content-Type
 * with `boundary` and the empty line, a UTF-8 text part holding `text`, then `parts` (each a part's
 * header and body lines; the delimiter is added), and the closing delimiter.
 */
export function mixedWithText(text: string, parts: string[][], boundary = 'in'): string[] {
  const head = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, ''];
  return [...head, `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', text, ...parts.flatMap((part) => [`--${boundary}`, ...part]), `--${boundary}--`];
}

/** An attached file's part (header and body lines), its body `base64` already encoded. */
export function base64Part(contentType: string, filename: string, base64: string): string[] {
  return [`Content-Type: ${contentType}`, `Content-Disposition: attachment; filename="${filename}"`, 'Content-Transfer-Encoding: base64', '', base64];
}

/**
 * A message forwarding `forwarded` (its lines, latin1) as fwd.eml, message/rfc822 sent with `cte`
 * when given: part 1 a text part, part 2 the forwarded message, part 3 a text part when `after`.
 */
export function forwardingMail(forwarded: string[], opts: { cte?: string; after?: boolean } = {}): Buffer {
  const message = ['Content-Type: message/rfc822', ...(opts.cte ? [`Content-Transfer-Encoding: ${opts.cte}`] : []), 'Content-Disposition: attachment; filename="fwd.eml"', '', ...forwarded];
  const after = opts.after ? [['Content-Type: text/plain; charset=utf-8', '', 'the part after it']] : [];
  return mail(['From: a@example.net', 'To: c@lachan.test', 'Subject: fwd', ...mixedWithText('see the forwarded message', [message, ...after], 'out'), '']);
}

/** UTF-8 text as a latin1 string, to put raw 8-bit bytes in mail(). */
export function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Our verdict headers (only the top-level block, where we write them). */
const OUR_HEADERS = /^X-Lachan-(Ref|Verdict|Category): [^\r\n]*\r?\n/gm;
/** The text banner in UTF-8, windows-1258, ASCII or quoted-printable form, up to its rule and empty line. */
const TEXT_BANNER = /\[L[^\] \r\n]{1,12} Ch[^\] \r\n]{1,30}n\][\s\S]*?(?:-{64,66}|-{8,} #[A-Za-z0-9_-]+-{0,2})(\r?\n)\1/g;
/** The HTML banner, raw or quoted-printable (then after a soft line break). */
const HTML_BANNER = /(=\r?\n)?<!-- lachan-banner -->[\s\S]*?<!-- \/lachan-banner -->\r?\n/g;

/**
 * The message with our additions removed: the X-Lachan-* headers at the top, text and HTML
 * banners where they are written as bytes (not base64). For a message whose parts were only
 * added to, this must equal the input byte for byte.
 */
export function withoutAdditions(out: Buffer): Buffer {
  const text = out.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, split).replace(OUR_HEADERS, '');
  const rest = text.slice(split).replace(TEXT_BANNER, '').replace(HTML_BANNER, '');
  return Buffer.from(head + rest, 'latin1');
}
