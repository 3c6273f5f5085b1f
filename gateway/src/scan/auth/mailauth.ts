import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import { installMessageParserPatch } from './message-parser-patch.js';

/**
 * mailauth's `authenticate()`, without BIMI. Importing 'mailauth' loads its BIMI and VMC
 * verification too — undici, an XML parser, ASN.1 and X.509 code, some 1.5 MB of JavaScript that
 * every gateway process would keep in memory (about 10 MB of RSS) for a check we never run. The
 * same steps, in the same order, from mailauth's own modules (lib/…, mailauth 4.x): DKIM (which
 * also reads the headers and collects the ARC sets), SPF, ARC, then DMARC over the SPF and DKIM
 * passes and the ARC result. Options mailauth would also take (trustReceived, seal, BIMI) are not
 * used here.
 */

const require = createRequire(import.meta.url);

/** The mailauth modules used (and nothing else of mailauth is loaded at run time). */
export const MAILAUTH_MODULES = ['mailauth/lib/dkim/verify', 'mailauth/lib/spf', 'mailauth/lib/arc', 'mailauth/lib/dmarc'] as const;

interface DkimVerifyResult {
  headerFrom?: string[];
  arc?: unknown;
  results?: Array<{ id?: string; signingDomain?: string; status: { result?: string; aligned?: unknown; underSized?: unknown } }>;
}

const { dkimVerify } = require(MAILAUTH_MODULES[0]) as { dkimVerify: (input: Readable | Buffer, opts: object) => Promise<DkimVerifyResult> };
const { spf } = require(MAILAUTH_MODULES[1]) as { spf: (opts: object) => Promise<{ status: { result?: string }; domain?: string } | false> };
const { arc } = require(MAILAUTH_MODULES[2]) as { arc: (chain: unknown, opts: object) => Promise<unknown> };
const { dmarc } = require(MAILAUTH_MODULES[3]) as { dmarc: (opts: object) => Promise<unknown> };
// the DKIM parser's header search and line-break fix without a JavaScript loop over every byte
installMessageParserPatch();

/**
 * ARC sets verified at most. RFC 8617 allows 50, and mailauth checks a chain of n sets with about
 * n²/2 seal verifications and a key lookup per signer, so a sender could make every message cost
 * 1,275 RSA verifications and 100 lookups. Real chains have a few hops; a longer one is reported
 * as a failed chain without verifying it.
 */
export const MAX_ARC_SETS = 10;

/** The ARC result of a chain too long to verify: failed, the sets still listed (for who sealed it). */
function tooManyArcSets(chain: unknown[]): object {
  const result = { status: { result: 'fail', comment: `${chain.length} ARC sets: more than ${MAX_ARC_SETS} are not verified` }, i: chain.length };
  Object.defineProperty(result, 'chain', { enumerable: false, value: chain });
  return result;
}

export interface AuthenticateOptions {
  /** Client address of the SMTP session. */
  ip?: string;
  helo?: string;
  /** Envelope sender (MAIL FROM). */
  sender?: string;
  /** Our host name in the results. */
  mta: string;
  resolver: DNSResolver;
  minBitLength?: number;
}

export interface AuthenticateResult {
  dkim: DkimVerifyResult;
  spf: Awaited<ReturnType<typeof spf>>;
  arc: unknown;
  dmarc: unknown;
}

export async function authenticate(input: Readable | Buffer, options: AuthenticateOptions): Promise<AuthenticateResult> {
  const opts: AuthenticateOptions = { ...options };
  const dkimResult = await dkimVerify(input, { resolver: opts.resolver, sender: opts.sender, minBitLength: opts.minBitLength });
  if (!opts.helo && opts.ip) opts.helo = opts.ip;
  // an address literal as HELO is written in brackets, as mailauth does
  if (opts.helo && isIP(opts.helo)) opts.helo = `[${opts.helo}]`;
  const spfResult = await spf(opts);
  const chain = (dkimResult.arc as { chain?: unknown[] } | undefined)?.chain;
  const arcResult =
    chain && chain.length > MAX_ARC_SETS
      ? tooManyArcSets(chain)
      : await arc(dkimResult.arc, { resolver: opts.resolver, minBitLength: opts.minBitLength });
  let dmarcResult: unknown;
  if (dkimResult?.headerFrom) {
    dmarcResult = await dmarc({
      headerFrom: dkimResult.headerFrom,
      spfDomains: ([] as string[]).concat((spfResult && spfResult.status.result === 'pass' && spfResult.domain) || []),
      dkimDomains: (dkimResult.results ?? [])
        .filter((r) => r.status.result === 'pass')
        .map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned, underSized: r.status.underSized })),
      arcResult,
      resolver: opts.resolver,
    });
  }
  return { dkim: dkimResult, spf: spfResult, arc: arcResult || false, dmarc: dmarcResult || false };
}
