import type { ARCResult, DNSResolver } from 'mailauth';
import type { HeaderLine, ParsedMessage } from '../../parse/types.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { arcTrusted, arcVouches, describeSeals, summariseArc, type ArcSummary, type KeyLookup } from './arc.js';
import { authLists, TRUSTED_ARC_SEALERS_LIST, TRUSTED_FORWARDERS_LIST, type AuthLists } from './lists.js';
import { authenticate } from './mailauth.js';
import { createDnsResolver, isTemporaryDnsError, type DnsResolver } from './resolver.js';
import { bindSealerHost, type HostBinding } from './sealer-host.js';
import { unsignedHead } from './unsigned-head.js';

interface AuthResult {
  spf?: { status?: { result?: string }; domain?: string } | false;
  dkim?: { results?: Array<{ signingDomain?: string; status?: { result?: string; comment?: string } }> };
  dmarc?:
    | {
        status?: { result?: string; header?: { from?: string; d?: string } };
        domain?: string;
        policy?: string;
        p?: string;
        alignment?: { spf?: { strict?: boolean }; dkim?: { strict?: boolean } };
      }
    | false;
  arc?: ARCResult | false;
}

let defaultResolver: DnsResolver | undefined;

/**
 * mailauth reads every From and Return-Path header with an address parser whose fallback regex is
 * quadratic in the length of a value without an address ("From: www.www.www…": 1 s for 60 KB, and
 * one such header per message line). Real From headers are a few hundred bytes; past this total the
 * headers are not given to mailauth, and the message is held as beyond the header limits instead
 * (never passed unauthenticated: a padded From must not skip DMARC).
 */
export const MAX_AUTH_ADDRESS_HEADER_BYTES = 8 * 1024;

function addressHeadersTooLong(message: ParsedMessage): Finding | undefined {
  // the parser already reports these, and the policy holds them; mailauth would read the whole block
  const beyond = message.problems.find((p) => p.code === 'header-too-long' || p.code === 'too-many-headers' || p.code === 'too-many-header-lines');
  if (beyond) {
    return { scanner: 'auth', kind: 'message.limit-exceeded', detail: `${beyond.code}: sender authentication not run`, subject: 'auth', tags: [beyond.code] };
  }
  let total = 0;
  for (const h of message.headers) if (h.key === 'from' || h.key === 'return-path') total += h.value.length;
  if (total <= MAX_AUTH_ADDRESS_HEADER_BYTES) return undefined;
  return {
    scanner: 'auth',
    kind: 'message.limit-exceeded',
    detail: `From/Return-Path headers of ${total} bytes (more than ${MAX_AUTH_ADDRESS_HEADER_BYTES}): sender authentication not run`,
    subject: 'from',
    tags: ['header-too-long'],
  };
}

/** Sender authentication of one message with mailauth: SPF, DKIM, DMARC and ARC, turned into findings. */
export async function scanAuth(message: ParsedMessage, ctx: ScanContext, resolver?: DnsResolver): Promise<Finding[]> {
  if (!ctx.raw) return [];
  const tooLong = addressHeadersTooLong(message);
  if (tooLong) return [tooLong];
  const env = ctx.envelope;
  const dns = resolver ?? ctx.resolver ?? (defaultResolver ??= createDnsResolver());
  // What the lookups of this message found: an ARC chain that failed on a key that got no answer
  // is unknown, not broken; one whose key does not exist is broken, and the finding says why.
  const lookups = new Map<string, KeyLookup>();
  const watched: DnsResolver = (name, rrtype) =>
    dns(name, rrtype).catch((err: unknown) => {
      lookups.set(name.toLowerCase(), isTemporaryDnsError(err) ? 'unanswered' : 'absent');
      throw err;
    });
  // unsigned mail: the header block alone gives the same results (unsigned-head.ts)
  const input = (await unsignedHead(ctx.raw())) ?? ctx.raw();
  const res = (await authenticate(input, {
    ip: env?.remoteAddress || undefined,
    helo: env?.helo || undefined,
    sender: env?.mailFrom || undefined,
    mta: 'lachan',
    resolver: watched as DNSResolver,
    // ARC stays on: mailauth collects the ARC headers while it reads the header block for DKIM, so
    // a message without them costs nothing more (no lookup, no signature); one with them costs one
    // RSA verification per seal, its key lookups cached like DKIM's.
  })) as unknown as AuthResult;
  const lists = authLists(ctx.policy);
  const keyLookup = (name: string) => lookups.get(name);
  // a listed sealer's seal counts only when its own host handed the message over: checked here
  // (DNS), only for a passing chain whose newest seal is listed
  const arc = summariseArc(res.arc, message.headers, lists.sealers, keyLookup);
  const rule = arc?.result === 'pass' && arc.trustedBy ? lists.sealers.rule(arc.trustedBy) : undefined;
  const sealerHost = rule ? await bindSealerHost(rule, { address: env?.remoteAddress || undefined, helo: env?.helo || undefined }, dns) : undefined;
  return findingsOf(res, { clientAddress: env?.remoteAddress || undefined, headers: message.headers, lists, keyLookup, sealerHost });
}

/** What findingsOf needs besides mailauth's results. */
export interface AuthFacts {
  /** The client address SPF was checked for; absent: no SPF check (lachan scan of a file). */
  clientAddress?: string;
  headers: readonly HeaderLine[];
  lists: AuthLists;
  /** How the lookup of this (lower-case) name failed, if it did. */
  keyLookup: (name: string) => KeyLookup | undefined;
  /** Whether the client is the newest (listed) sealer's host; absent: not checked, the seal is not believed. */
  sealerHost?: HostBinding;
}

type DmarcResult = Exclude<AuthResult['dmarc'], false | undefined>;

/** What the results mean for the policy. Temporary errors (no DNS) give no finding: nothing is known. */
export function findingsOf(res: AuthResult, facts: AuthFacts): Finding[] {
  const out: Finding[] = [];
  const spf = spfFinding(res, facts);
  if (spf) out.push(spf);
  for (const r of res.dkim?.results ?? []) {
    // mailauth reports a body changed after signing as 'neutral' with "body hash did not verify"
    const broken = r.status?.result === 'fail' || (r.status?.result === 'neutral' && /body hash did not verify/i.test(r.status.comment ?? ''));
    if (broken) {
      out.push({
        scanner: 'auth',
        kind: 'auth.dkim-fail',
        detail: `DKIM signature of ${r.signingDomain ?? '?'} does not verify${r.status?.comment ? ` (${r.status.comment})` : ''}`,
        subject: r.signingDomain,
      });
      break;
    }
  }
  const arc = summariseArc(res.arc, facts.headers, facts.lists.sealers, facts.keyLookup);
  if (arc?.trustedBy) arc.host = facts.sealerHost ?? { bound: false, how: 'the connecting host was not checked' };
  const dmarc = res.dmarc || undefined;
  if (dmarc?.status?.result === 'fail') out.push(dmarcFinding(dmarc, arc, res.arc || undefined));
  if (arc) out.push(arcFinding(arc));
  return out;
}

/** SPF fail or softfail, unless the client is one of our own forwarders (then: that it is). */
function spfFinding(res: AuthResult, facts: AuthFacts): Finding | undefined {
  if (!facts.clientAddress) return undefined;
  const spf = res.spf || undefined;
  const result = spf?.status?.result;
  const forwarder = facts.lists.forwarders.match(facts.clientAddress);
  if (forwarder) {
    // the province's own forwarding host: SPF judges the forwarder, not the author
    return {
      scanner: 'auth',
      kind: 'auth.trusted-forwarder',
      detail: `the client ${facts.clientAddress} is a trusted forwarder (${forwarder}): SPF ${result ?? 'none'}${spf?.domain ? ` for ${spf.domain}` : ''} is not held against the message; DKIM and DMARC still apply`,
      subject: facts.clientAddress,
      list: TRUSTED_FORWARDERS_LIST,
      tags: [`spf=${result ?? 'none'}`],
    };
  }
  if (result !== 'fail' && result !== 'softfail') return undefined;
  return { scanner: 'auth', kind: 'auth.spf-fail', detail: `SPF ${result} for ${spf?.domain ?? 'the sender domain'}`, subject: spf?.domain, tags: [result] };
}

/**
 * A DMARC failure, or its lesser form when a trusted ARC sealer vouches for the message: the chain
 * verifies, the newest seal is on trusted_arc_sealers, and its record says the From domain passed.
 */
function dmarcFinding(dmarc: DmarcResult, arc: ArcSummary | undefined, arcResult: ARCResult | undefined): Finding {
  const p = (dmarc.policy ?? dmarc.p ?? 'none').toLowerCase();
  const fromDomain = dmarc.status?.header?.d ?? dmarc.domain ?? '';
  const strict = { dkim: dmarc.alignment?.dkim?.strict === true, spf: dmarc.alignment?.spf?.strict === true };
  const newest = arc?.newest;
  const vouched = arcTrusted(arc) && newest && arcResult ? arcVouches(arcResult, fromDomain, strict) : undefined;
  if (newest && vouched) {
    return {
      scanner: 'auth',
      kind: 'auth.dmarc-arc-override',
      detail: `the From domain ${dmarc.domain ?? '?'} publishes DMARC p=${p} and this message fails it here, but the newest ARC seal (i=${newest.i}, by ${newest.domain}, trusted sealer; ${arc?.host?.how}) recorded ${vouched} before forwarding`,
      subject: dmarc.domain,
      list: TRUSTED_ARC_SEALERS_LIST,
      tags: ['arc-override', `p=${p}`],
    };
  }
  return {
    scanner: 'auth',
    kind: 'auth.dmarc-fail',
    detail: `the From domain ${dmarc.domain ?? '?'} publishes DMARC p=${p} and this message fails it${arc ? `; ${whyNoOverride(arc, fromDomain)}` : ''}`,
    subject: dmarc.domain,
    tags: [`p=${p}`],
  };
}

/** Why an ARC chain did not lift a DMARC failure, for the administrator reading the quarantine. */
function whyNoOverride(arc: ArcSummary, fromDomain: string): string {
  const sealer = arc.newest?.domain || '?';
  if (arc.result === 'temperror') return 'its ARC chain could not be checked (a key lookup got no answer)';
  if (arc.result === 'fail') return `its ARC chain does not verify${arc.comment ? ` (${arc.comment})` : ''}`;
  if (!arc.trustedBy) return `its newest ARC seal is by ${sealer}, not a trusted sealer`;
  if (!arc.host?.bound) return `its newest ARC seal is by the trusted sealer ${sealer}, but the message was not handed over by that sealer's host: ${arc.host?.how ?? 'not checked'}`;
  return `the trusted ARC sealer ${sealer} did not record a DMARC, aligned DKIM or aligned SPF pass for ${fromDomain}`;
}

function arcFinding(arc: ArcSummary): Finding {
  const sealer = arc.newest?.domain || '(no d=)';
  const trusted = arcTrusted(arc);
  const standing = !arc.trustedBy
    ? 'not a trusted sealer'
    : trusted
      ? `trusted sealer: ${arc.trustedBy}; ${arc.host?.how}`
      : `listed as a trusted sealer (${arc.trustedBy}) but not believed here: ${arc.host?.how ?? 'the connecting host was not checked'}`;
  const who = arc.result !== 'pass' ? `newest hop claims to be sealed by ${sealer}` : `newest hop sealed by ${sealer} (${standing})`;
  const tags = arc.result !== 'pass' ? [arc.result] : [arc.result, trusted ? 'trusted-sealer' : 'untrusted-sealer'];
  // a listed sealer's seal brought by another host: a replayed (or misrouted) sealed message
  if (arc.result === 'pass' && arc.trustedBy && !trusted) tags.push('sealer-host-mismatch');
  const finding: Finding = {
    scanner: 'auth',
    kind: 'auth.arc',
    detail: `ARC chain ${arc.result}${arc.comment ? ` (${arc.comment})` : ''}: ${describeSeals(arc.seals) || 'no seals'}; ${who}`,
    tags,
  };
  if (arc.newest?.domain) finding.subject = arc.newest.domain;
  if (trusted) finding.list = TRUSTED_ARC_SEALERS_LIST;
  return finding;
}

/**
 * SPF (with the client address from SMTP or XCLIENT), DKIM, DMARC and ARC, with the policy's
 * trusted forwarders and ARC sealers (a sealer believed only for mail from its own hosts). Runs only where the raw message is at hand; DNS that does
 * not answer gives no finding rather than a failure.
 */
export const authScanner: Scanner = {
  name: 'auth',
  scan: (message, ctx) => scanAuth(message, ctx),
};
