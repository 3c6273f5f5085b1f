import type { ARCChainEntry, ARCResult } from 'mailauth';
import { getDomain } from 'tldts';
import type { HeaderLine } from '../../parse/types.js';
import { canonicalHost } from '../urls/domains.js';
import type { HostBinding } from './sealer-host.js';

/**
 * ARC (RFC 8617) as mailauth verifies it, read for the policy. A forwarder or mailing list that
 * changes a message (subject tag, footer) breaks the author's DKIM, and its own address breaks SPF,
 * so DMARC fails at the next hop; an ARC-aware forwarder records what it saw on arrival in an
 * ARC-Authentication-Results header (AAR) and seals it (ARC-Seal) with its domain's key. The seal
 * proves who wrote the AAR; whether to believe it is our decision: only sealers on the policy list
 * trusted_arc_sealers are believed, and only for mail their own hosts hand to us (a sealed message
 * can be resent by anyone: sealers.ts, sealer-host.ts).
 */

/** One ARC set: its instance and the domain that sealed it. */
export interface ArcSeal {
  i: number;
  domain: string;
}

export interface ArcSummary {
  /** 'temperror': the chain failed because a key lookup of one of its signers did not get an answer. */
  result: 'pass' | 'fail' | 'temperror';
  /** Why the chain failed, as mailauth says it ("i=2 seal signature validation failed"). */
  comment?: string;
  /** Every seal, oldest first. */
  seals: ArcSeal[];
  /** The seal of the newest hop (the highest i=). */
  newest?: ArcSeal;
  /** The trusted_arc_sealers entry covering the newest sealer, when there is one. */
  trustedBy?: string;
  /**
   * For a listed sealer: whether the connecting host is the sealer's (sealer-host.ts). Its seal is
   * believed only when it is; absent: not checked (counts as not bound).
   */
  host?: HostBinding;
}

/** The newest seal is by a listed sealer and the message came from that sealer's host: its record is believed. */
export function arcTrusted(arc: ArcSummary | undefined): boolean {
  return arc?.result === 'pass' && arc.trustedBy !== undefined && arc.host?.bound === true;
}

/** How a key lookup failed: no answer (timeout, SERVFAIL), or no such record. */
export type KeyLookup = 'unanswered' | 'absent';

/** One method of a parsed ARC-Authentication-Results header, as mailauth gives it. */
interface AarMethod {
  result?: string;
  header?: Record<string, unknown>;
  smtp?: Record<string, unknown>;
}

interface Aar {
  dmarc?: AarMethod;
  spf?: AarMethod;
  dkim?: AarMethod[];
}

const MAX_LISTED_SEALS = 10;

/** The sealing domain (d=) of a seal, as a comparable host; '' when it has none. */
function sealDomain(entry: ARCChainEntry | undefined): string {
  const d = entry?.['arc-seal']?.parsed?.d?.value;
  return typeof d === 'string' ? canonicalHost(d) : '';
}

/**
 * The seals of a message. From mailauth's parsed chain when it could build one; when the chain is
 * malformed (missing sets, duplicates) mailauth keeps none, so the ARC-Seal headers are read here,
 * only to say who sealed what.
 */
function sealsOf(chain: ARCChainEntry[] | false | undefined, headers: readonly HeaderLine[]): ArcSeal[] {
  if (chain && chain.length > 0) return chain.map((e) => ({ i: e.i, domain: sealDomain(e) }));
  const seals: ArcSeal[] = [];
  for (const h of headers) {
    if (h.key !== 'arc-seal') continue;
    const i = Number(/(?:^|;)\s*i\s*=\s*(\d{1,3})\s*(?:;|$)/.exec(h.value)?.[1]);
    const d = /(?:^|;)\s*d\s*=\s*([^;\s]+)/.exec(h.value)?.[1];
    if (Number.isInteger(i)) seals.push({ i, domain: d ? canonicalHost(d) : '' });
  }
  return seals.sort((a, b) => a.i - b.i);
}

/** `<selector>._domainkey.<domain>` of every ARC signature in the chain: the keys ARC looks up. */
function arcKeyNames(arc: ARCResult | false | undefined): string[] {
  const names: string[] = [];
  for (const entry of (arc && arc.chain) || []) {
    for (const h of [entry['arc-seal'], entry['arc-message-signature']]) {
      const s = h?.parsed?.s?.value;
      const d = h?.parsed?.d?.value;
      if (typeof s === 'string' && typeof d === 'string') names.push(`${s}._domainkey.${d}`.toLowerCase());
    }
  }
  return names;
}

/**
 * What the ARC chain of a message says, or undefined when it has none. `keyLookup` tells how the
 * key lookups of this message failed: mailauth counts every ARC problem as a permanent failure,
 * but a seal whose key got no answer is unchecked, not broken; one whose key does not exist is
 * broken (mailauth gives no reason then, so it is added here).
 */
export function summariseArc(
  arc: ARCResult | false | undefined,
  headers: readonly HeaderLine[],
  sealers: { match(host: string): string | undefined },
  keyLookup: (name: string) => KeyLookup | undefined,
): ArcSummary | undefined {
  const status = arc ? arc.status?.result : undefined;
  if (!arc || (status !== 'pass' && status !== 'fail')) return undefined;
  const seals = sealsOf(arc.chain, headers);
  const newest = seals.at(-1);
  const summary: ArcSummary = { result: status, seals };
  if (newest) summary.newest = newest;
  if (status === 'fail') {
    const names = arcKeyNames(arc);
    const missing = names.find((n) => keyLookup(n) === 'absent');
    if (arc.status.comment) summary.comment = arc.status.comment;
    else if (missing) summary.comment = `no key published at ${missing}`;
    if (names.some((n) => keyLookup(n) === 'unanswered')) summary.result = 'temperror';
  }
  const trusted = newest?.domain ? sealers.match(newest.domain) : undefined;
  if (trusted) summary.trustedBy = trusted;
  return summary;
}

/** 'i=1 lists.example, i=2 google.com' (the newest ten at most). */
export function describeSeals(seals: readonly ArcSeal[]): string {
  const shown = seals.slice(-MAX_LISTED_SEALS).map((s) => `i=${s.i} ${s.domain || '(no d=)'}`);
  return (seals.length > MAX_LISTED_SEALS ? ['…', ...shown] : shown).join(', ');
}

/** The organisational domain DMARC aligns on (public suffix list, private suffixes too, as mailauth). */
function orgDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

function aligned(domain: string, fromDomain: string, strict: boolean): boolean {
  const a = canonicalHost(domain);
  const b = canonicalHost(fromDomain);
  if (a === '' || b === '') return false;
  return strict ? a === b : orgDomain(a) === orgDomain(b);
}

/** The domain of an AAR property: `header.d=example.com`, `header.i=@example.com`, `smtp.mailfrom=a@example.com`. */
function domainIn(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.slice(value.lastIndexOf('@') + 1);
}

/**
 * What the newest AAR vouches for the From domain, or undefined when it does not: dmarc=pass for
 * that domain, or a DKIM pass or SPF pass aligned with it (strictly when the domain's DMARC record
 * asks for strict alignment). The caller has checked that the chain passes and the sealer is trusted.
 */
export function arcVouches(
  arc: ARCResult,
  fromDomain: string,
  strict: { dkim: boolean; spf: boolean },
): string | undefined {
  const aar = arc.authenticationResults as Aar | undefined;
  if (!aar || typeof aar !== 'object') return undefined;
  const pass = (m: AarMethod | undefined) => typeof m?.result === 'string' && m.result.toLowerCase() === 'pass';
  if (pass(aar.dmarc) && aligned(domainIn(aar.dmarc?.header?.from), fromDomain, false)) {
    return `dmarc=pass for ${fromDomain}`;
  }
  for (const sig of Array.isArray(aar.dkim) ? aar.dkim : []) {
    const d = domainIn(sig?.header?.d) || domainIn(sig?.header?.i);
    if (pass(sig) && aligned(d, fromDomain, strict.dkim)) return `dkim=pass by ${canonicalHost(d)}`;
  }
  const mailFrom = domainIn(aar.spf?.smtp?.mailfrom);
  if (pass(aar.spf) && aligned(mailFrom, fromDomain, strict.spf)) return `spf=pass for ${canonicalHost(mailFrom)}`;
  return undefined;
}
