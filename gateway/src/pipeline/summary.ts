import type { MessageRecord } from '../db/messages.js';
import type { RuleHit } from '../policy/types.js';
import { toUrlRef } from '../parse/url-ref.js';
import type { Finding } from '../scan/types.js';
import { shortcutUrls } from '../scan/attachments/shortcuts.js';
import type { Envelope } from '../smtp/types.js';
import type { Evaluation } from './evaluate.js';

export interface UrlSummary {
  url: string;
  host: string;
  source: string;
}

export interface AttachmentSummary {
  id: string;
  filename: string;
  contentType: string;
  trueType?: string;
  size: number;
  sha256: string;
}

/** One finding as reported to people and tools: which rule it made fire ('' when none). */
export interface ReportedFinding extends Finding {
  rule: string;
  mode?: 'enforce' | 'monitor';
}

/**
 * Everything worth keeping about one message: the database's MessageRecord (what the ledger
 * writes) plus the findings with their rules (what `lachan scan` prints).
 */
export interface MessageSummary extends MessageRecord {
  receivedAt: Date;
  findings: ReportedFinding[];
  urls: UrlSummary[];
  attachments: AttachmentSummary[];
}

const MAX_URLS_KEPT = 200;

/**
 * Links read from QR codes, in order, once each. They are no part of the parsed message: the
 * url.qr-code finding carries them (scan/qr).
 */
export function qrCodeUrls(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.kind === 'url.qr-code' || f.kind === 'url.qr-code-official').flatMap((f) => f.urls ?? []))];
}

/**
 * The message's links as kept in its record (tracking, quarantine): those of the message, then those
 * of its QR codes (source 'qr-code') and of its link-file attachments (source 'attachment') that it
 * does not show itself; those are never the ones cut by MAX_URLS_KEPT.
 */
function keptUrls(ev: Evaluation): UrlSummary[] {
  const own = new Set(ev.parsed.urls.map((u) => u.url));
  const refs = (urls: string[], source: 'qr-code' | 'attachment') =>
    urls
      .filter((u) => !own.has(u))
      .flatMap((u) => {
        const ref = toUrlRef(u, source);
        return ref ? [{ url: ref.url, host: ref.host, source: ref.source }] : [];
      });
  // (and those of link-file attachments, source 'attachment': scan/attachments/shortcuts.ts)
  const qr = [...refs(qrCodeUrls(ev.findings), 'qr-code'), ...refs(shortcutUrls(ev.findings), 'attachment')].slice(0, MAX_URLS_KEPT);
  const body = ev.parsed.urls.slice(0, MAX_URLS_KEPT - qr.length).map((u) => ({ url: u.url, host: u.host, source: u.source }));
  return [...body, ...qr];
}

/** Findings with the rule each one made fire; a finding no rule used is kept with rule ''. */
export function reportFindings(ev: Evaluation): ReportedFinding[] {
  const out: ReportedFinding[] = [];
  const used = new Set<Finding>();
  const add = (hits: RuleHit[]) => {
    for (const hit of hits) {
      for (const f of hit.findings) {
        used.add(f);
        out.push({ ...f, rule: hit.rule, mode: hit.mode });
      }
    }
  };
  add(ev.verdict.hits);
  add(ev.verdict.monitored);
  for (const f of ev.findings) if (!used.has(f)) out.push({ ...f, rule: '' });
  return out;
}

export function summarize(ev: Evaluation, envelope: Envelope): MessageSummary {
  const { parsed, verdict } = ev;
  return {
    ref: envelope.ref,
    sessionRef: envelope.sessionRef,
    receivedAt: envelope.receivedAt,
    remoteAddress: envelope.remoteAddress,
    helo: envelope.heloName,
    mailFrom: envelope.mailFrom,
    rcptTo: envelope.rcptTo,
    headerFrom: parsed.from.map((a) => a.address).join(', '),
    subject: parsed.subject,
    messageId: parsed.messageId,
    size: parsed.size,
    sha256: parsed.sha256,
    action: verdict.action,
    warning: verdict.warning,
    stripped: parsed.attachments.filter((a) => verdict.strip.includes(a.id)).map((a) => a.filename || a.id),
    categories: verdict.categories,
    hits: verdict.hits,
    monitored: verdict.monitored,
    findings: reportFindings(ev),
    urls: keptUrls(ev),
    attachments: parsed.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      trueType: a.trueType?.mime,
      size: a.size,
      sha256: a.sha256,
    })),
    processingMs: Math.round(ev.ms),
  };
}
