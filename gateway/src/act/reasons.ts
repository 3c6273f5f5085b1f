import { hasKey, t, type Lang } from '../i18n/index.js';
import type { Finding } from '../scan/types.js';
import type { RuleHit, Verdict } from '../policy/types.js';

/** At most this many reason lines in a banner; the rest is summed up as "và N lý do khác". */
export const MAX_REASON_LINES = 4;

// C0/C1 controls, bidi controls and marks, zero-width characters, BOM, line/paragraph separators.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * Attacker-supplied text (file names, hosts, phrases) made safe to show: controls and bidi
 * characters removed (an RTLO can make 'gpj.exe' read as 'exe.jpg'), whitespace collapsed,
 * cut to `max` characters. Escaping for HTML is the renderer's job.
 */
export function cleanText(text: string, max = 80): string {
  const cleaned = text.normalize('NFC').replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(cleaned);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : cleaned;
}

/** 'evil.example' → 'evil[.]example': readers see the host, mail clients do not turn it into a link. */
export function defang(host: string): string {
  return host.replace(/\./g, '[.]');
}

/** The host of a URL or host-like subject, in ASCII (punycode) form, so a homograph shows as xn--. */
export function hostOf(subject: string): string {
  const s = subject.trim();
  for (const candidate of [s, `http://${s}`]) {
    try {
      const url = new URL(candidate);
      if (url.hostname) return url.hostname;
    } catch {
      // not a URL: try the next form
    }
  }
  return s.split(/[/?#\s]/)[0] ?? s;
}

function schemeOf(subject: string): string {
  const m = /^\s*([a-z][a-z0-9+.-]{0,19}):/i.exec(subject);
  return m ? `${(m[1] as string).toLowerCase()}:` : subject;
}

/** What a reason line names: a defanged host for links, a clean file name for attachments, ... */
export function displaySubject(finding: Finding): string | undefined {
  const subject = finding.subject;
  if (subject === undefined || subject.trim() === '') return undefined;
  if (finding.kind === 'url.suspicious-scheme') return cleanText(schemeOf(subject), 24);
  if (finding.kind.startsWith('url.')) return defang(cleanText(hostOf(subject), 80));
  if (finding.kind.startsWith('sender.')) return defang(cleanText(subject, 80));
  if (finding.kind.startsWith('attachment.')) return cleanText(subject, 60);
  return cleanText(subject, 60);
}

/**
 * One reason line for one finding; a kind without its own text gets the generic line. A tag with
 * its own text (`banner.reason.<kind>.<tag>`, e.g. an encrypted archive that was opened) wins.
 * A finding about a link found in a part (Finding.part) ends with where: "(trong thư chuyển tiếp)".
 */
export function findingReason(finding: Finding, lang: Lang): string {
  const kindKey = `banner.reason.${finding.kind}`;
  const key = finding.tags?.map((tag) => `${kindKey}.${tag}`).find((k) => hasKey(k)) ?? kindKey;
  const subject = displaySubject(finding) ?? t('banner.unknown-subject', {}, lang);
  if (!hasKey(key)) return t('banner.reason.generic', {}, lang);
  const reason = t(key, { subject }, lang);
  // a link found in a forwarded message, an attachment or a calendar invitation says so (never the part's name: attacker text)
  return finding.part ? t(`banner.in-part.${finding.part.kind}`, { reason }, lang) : reason;
}

/** Hits that explain a warning: rules that only tag (external sender) or deliver do not. */
function warningHits(verdict: Verdict): RuleHit[] {
  return verdict.hits.filter((hit) => hit.mode === 'enforce' && hit.action !== 'tag' && hit.action !== 'deliver');
}

/** Distinct reason lines for all findings behind the warning, most severe rule first. */
export function allReasons(verdict: Verdict, lang: Lang): string[] {
  const lines: string[] = [];
  for (const hit of warningHits(verdict)) {
    for (const finding of hit.findings) {
      const line = findingReason(finding, lang);
      if (!lines.includes(line)) lines.push(line);
    }
  }
  if (lines.length === 0) lines.push(t('banner.reason.generic', {}, lang));
  return lines;
}

/**
 * The 'why' lines of the banner: one per distinct reason, at most MAX_REASON_LINES, then one
 * "và N lý do khác" / "and N more reasons" line when there are more.
 */
export function bannerReasons(verdict: Verdict, lang: Lang): string[] {
  const lines = allReasons(verdict, lang);
  if (lines.length <= MAX_REASON_LINES) return lines;
  const more = lines.length - MAX_REASON_LINES;
  return [...lines.slice(0, MAX_REASON_LINES), t('banner.more', { count: more }, lang)];
}

/** Reason lines for one attachment (by Attachment.id), for the notice that replaces it. */
export function attachmentReasons(verdict: Verdict, attachmentId: string, lang: Lang): string[] {
  const lines: string[] = [];
  for (const hit of verdict.hits) {
    for (const finding of hit.findings) {
      if (finding.attachment !== attachmentId) continue;
      const line = findingReason(finding, lang);
      if (!lines.includes(line)) lines.push(line);
    }
  }
  if (lines.length === 0) lines.push(t('banner.reason.generic', {}, lang));
  return lines;
}
