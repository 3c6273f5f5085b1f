import { authenticate, type DNSResolver } from 'mailauth';
import type { ParsedMessage } from '../../parse/types.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { createDnsResolver, type DnsResolver } from './resolver.js';

interface AuthResult {
  spf?: { status?: { result?: string }; domain?: string } | false;
  dkim?: { results?: Array<{ signingDomain?: string; status?: { result?: string; comment?: string } }> };
  dmarc?: { status?: { result?: string; header?: { from?: string } }; domain?: string; policy?: string; p?: string } | false;
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
  const beyond = message.problems.find((p) => p.code === 'header-too-long' || p.code === 'too-many-headers');
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

/** Sender authentication of one message with mailauth: SPF, DKIM and DMARC, turned into findings. */
export async function scanAuth(message: ParsedMessage, ctx: ScanContext, resolver?: DnsResolver): Promise<Finding[]> {
  if (!ctx.raw) return [];
  const tooLong = addressHeadersTooLong(message);
  if (tooLong) return [tooLong];
  const env = ctx.envelope;
  const res = (await authenticate(ctx.raw(), {
    ip: env?.remoteAddress || undefined,
    helo: env?.helo || undefined,
    sender: env?.mailFrom || undefined,
    mta: 'lachan',
    resolver: (resolver ?? ctx.resolver ?? (defaultResolver ??= createDnsResolver())) as DNSResolver,
    disableArc: true,
    disableBimi: true,
  })) as unknown as AuthResult;
  return findingsOf(res, Boolean(env?.remoteAddress));
}

/** What the results mean for the policy. Temporary errors (no DNS) give no finding: nothing is known. */
export function findingsOf(res: AuthResult, spfChecked: boolean): Finding[] {
  const out: Finding[] = [];
  const spf = res.spf || undefined;
  const spfResult = spf?.status?.result;
  if (spfChecked && (spfResult === 'fail' || spfResult === 'softfail')) {
    out.push({
      scanner: 'auth',
      kind: 'auth.spf-fail',
      detail: `SPF ${spfResult} for ${spf?.domain ?? 'the sender domain'}`,
      subject: spf?.domain,
      tags: [spfResult],
    });
  }
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
  const dmarc = res.dmarc || undefined;
  if (dmarc?.status?.result === 'fail') {
    const p = (dmarc.policy ?? dmarc.p ?? 'none').toLowerCase();
    out.push({
      scanner: 'auth',
      kind: 'auth.dmarc-fail',
      detail: `the From domain ${dmarc.domain ?? '?'} publishes DMARC p=${p} and this message fails it`,
      subject: dmarc.domain,
      tags: [`p=${p}`],
    });
  }
  return out;
}

/**
 * SPF (with the client address from SMTP or XCLIENT), DKIM and DMARC. Runs only where the raw
 * message is at hand; DNS that does not answer gives no finding rather than a failure.
 */
export const authScanner: Scanner = {
  name: 'auth',
  scan: (message, ctx) => scanAuth(message, ctx),
};
