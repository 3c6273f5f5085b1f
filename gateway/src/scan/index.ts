import { isTemporary } from '../errors.js';
import type { ParsedMessage } from '../parse/types.js';
import { attachmentsScanner } from './attachments/index.js';
import { authScanner } from './auth/index.js';
import { brandScanner } from './brand/index.js';
import { contentScanner } from './content/index.js';
import { htmlScanner } from './html/index.js';
import { identityScanner } from './identity/index.js';
import { linksScanner } from './links/index.js';
import { imageTextScanner } from './ocr/image-text.js';
import { ArchivePdfs } from './pdf-text/archive-pdfs.js';
import { pdfTextScanner } from './pdf-text/index.js';
import { senderScanner } from './sender/index.js';
import { structureScanner } from './structure.js';
import type { Finding, ScanContext, Scanner } from './types.js';
import { urlsScanner } from './urls/index.js';

export const DEFAULT_SCANNERS: readonly Scanner[] = Object.freeze([
  structureScanner,
  authScanner,
  senderScanner,
  urlsScanner,
  attachmentsScanner,
  contentScanner,
  identityScanner,
  brandScanner,
  htmlScanner,
  linksScanner,
  // text shown only in pictures, read by OCR (scan/ocr/image-text.ts)
  imageTextScanner,
  // the text of PDF attachments, read by pdf.js in a worker (scan/pdf-text)
  pdfTextScanner,
]);

export class ScannerTimeout extends Error {
  constructor(readonly scanner: string, ms: number) {
    super(`scanner ${scanner} did not finish within ${ms} ms`);
  }
}

/**
 * Runs every scanner concurrently. A scanner that fails becomes a 'scanner.error' finding (the
 * policy fails closed on it); a temporary failure of a dependency (clamd down) is re-thrown so the
 * caller answers 451 — it is never read as "clean".
 */
export async function runScanners(
  message: ParsedMessage,
  ctx: ScanContext,
  scanners: readonly Scanner[] = DEFAULT_SCANNERS,
  timeoutMs = 60_000,
): Promise<Finding[]> {
  // PDFs inside archives go from the attachments scanner to the PDF text step (pdf-text/archive-pdfs.ts);
  // without the attachments scanner nobody would close the hand-over, so there is none
  const scanCtx: ScanContext = scanners.includes(attachmentsScanner) ? { ...ctx, archivePdfs: new ArchivePdfs() } : ctx;
  const results = await settleWithin(scanners, (s) => s.scan(message, scanCtx), timeoutMs);
  const findings: Finding[] = [];
  let temporary: unknown;
  results.forEach((r, i) => {
    const scanner = scanners[i]!;
    if (r.status === 'fulfilled') {
      findings.push(...r.value);
      return;
    }
    if (isTemporary(r.reason)) {
      temporary ??= r.reason;
      return;
    }
    ctx.log.error({ evt: 'scanner.error', scanner: scanner.name, err: r.reason }, 'scanner failed');
    findings.push({
      scanner: scanner.name,
      kind: 'scanner.error',
      detail: `${scanner.name}: ${(r.reason as Error)?.message ?? String(r.reason)}`,
      subject: scanner.name,
    });
  });
  if (temporary) throw temporary;
  return findings;
}

/**
 * Promise.allSettled over every scanner's scan, where a scan still running `ms` after they all
 * started is rejected with a ScannerTimeout. One timer for the message, not a timer, a race and a
 * finally per scanner (12 of each on every message: ~10 KB of garbage).
 */
function settleWithin<S extends Scanner, T>(
  scanners: readonly S[],
  scan: (s: S) => Promise<T>,
  ms: number,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(scanners.length);
  const started = scanners.map(scan);
  let pending = started.length;
  return new Promise((resolve) => {
    if (pending === 0) return resolve(results);
    const timer = setTimeout(() => {
      for (let i = 0; i < scanners.length; i++) results[i] ??= { status: 'rejected', reason: new ScannerTimeout(scanners[i]!.name, ms) };
      pending = -1;
      resolve(results);
    }, ms);
    timer.unref();
    const settle = (i: number, r: PromiseSettledResult<T>) => {
      if (pending < 0) return; // past the deadline: this scan already counts as timed out
      results[i] = r;
      if (--pending === 0) {
        clearTimeout(timer);
        resolve(results);
      }
    };
    started.forEach((p, i) => {
      Promise.resolve(p).then(
        (value) => settle(i, { status: 'fulfilled', value }),
        (reason: unknown) => settle(i, { status: 'rejected', reason }),
      );
    });
  });
}
