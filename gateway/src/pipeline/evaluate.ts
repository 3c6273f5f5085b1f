import type { Logger } from 'pino';
import { unstrippableIds } from '../act/strip.js';
import { LachanError } from '../errors.js';
import { parseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { decide, emptyVerdict } from '../policy/engine.js';
import type { Policy, Verdict } from '../policy/types.js';
import type { ScanLimits } from '../config/types.js';
import type { ClamdClient } from '../scan/attachments/clamd.js';
import { DEFAULT_SCANNERS, runScanners } from '../scan/index.js';
import type { Finding, ScanContext, Scanner } from '../scan/types.js';
import type { Spooled } from '../smtp/spool.js';

/** What every evaluation needs, built once at start (and again when the policy is reloaded). */
export interface Engine {
  policy: Policy;
  limits: ScanLimits;
  clamd: ClamdClient;
  log: Logger;
  scanners?: readonly Scanner[];
  scannerTimeoutMs?: number;
  /** DNS for sender authentication (see scan/auth/resolver.ts). */
  resolver?: ScanContext['resolver'];
}

export interface EnvelopeInfo {
  mailFrom: string;
  rcptTo: string[];
  remoteAddress?: string;
  helo?: string;
}

export interface Evaluation {
  parsed: ParsedMessage;
  findings: Finding[];
  verdict: Verdict;
  /** For a 'tempfail' verdict: the dependency failure behind it (its code is also verdict.reason). */
  error?: LachanError;
  ms: number;
}

function tempfailVerdict(reason: string): Verdict {
  return { ...emptyVerdict(), action: 'tempfail', reason };
}

/**
 * parse → scan → policy: the verdict for one message. The same function serves the SMTP path and
 * `lachan scan`, so both give the same answer. A dependency that is down (clamd) gives a
 * 'tempfail' verdict; nothing here delivers, stores or replies.
 */
export async function evaluate(msg: Spooled, engine: Engine, envelope?: EnvelopeInfo): Promise<Evaluation> {
  const started = performance.now();
  const parsed = await parseMessage(msg.path ? msg.open() : await msg.read(), engine.limits, {
    size: msg.size,
    sha256: msg.sha256,
  });
  const ctx: ScanContext = {
    policy: engine.policy,
    limits: engine.limits,
    clamd: engine.clamd,
    log: engine.log,
    envelope,
    raw: () => msg.open(),
    resolver: engine.resolver,
  };
  let findings: Finding[];
  try {
    findings = await runScanners(parsed, ctx, engine.scanners ?? DEFAULT_SCANNERS, engine.scannerTimeoutMs);
  } catch (err) {
    // runScanners rethrows only temporary LachanErrors (a dependency down); anything else is a finding
    const error = err instanceof LachanError ? err : new LachanError('LC_SCAN_FAILED', (err as Error).message, { cause: err });
    return { parsed, findings: [], verdict: tempfailVerdict(error.code), error, ms: performance.now() - started };
  }
  const verdict = decide(findings, engine.policy, { unstrippable: unstrippableIds(parsed.attachments) });
  return { parsed, findings, verdict, ms: performance.now() - started };
}
