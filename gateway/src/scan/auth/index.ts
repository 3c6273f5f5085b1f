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

/** Sender authentication of one message with mailauth: SPF, DKIM and DMARC, turned into findings. */
export async function scanAuth(message: ParsedMessage, ctx: ScanContext, resolver?: DnsResolver): Promise<Finding[]> {
  if (!ctx.raw) return [];
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
