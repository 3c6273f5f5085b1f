import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { unstrippableIds } from '../../act/strip.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy, Verdict } from '../../policy/types.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from '../index.js';
import type { Finding, Scanner } from '../types.js';
import { PdfTextReader, replacePdfTextReader, type PdfTextRun } from './off-thread.js';

/** For the PDF text tests only (nothing on the mail path imports this file). */

/** The shipped policy directory (policies/ at the repository root). */
export const SHIPPED_POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

/** The real reader (its worker and pdf.js), counting the PDFs it was given and the passwords given with each. */
export class CountingReader extends PdfTextReader {
  /** The passwords each read was given, one entry per PDF, in order. */
  readonly given: (readonly string[])[] = [];

  get reads(): number {
    return this.given.length;
  }

  override read(bytes: Uint8Array, signal?: AbortSignal, passwords: readonly string[] = []): Promise<PdfTextRun> {
    this.given.push(passwords);
    return super.read(bytes, signal, passwords);
  }
}

/** What shippedPolicyScan's scan gives: the parsed message, findings, verdict and the reads it caused. */
export interface PdfTextScan {
  message: ParsedMessage;
  findings: Finding[];
  verdict: Verdict;
  callback: Finding[];
  /** The passwords each PDF read during this scan was given, one entry per PDF. */
  reads: (readonly string[])[];
}

/**
 * A PDF text test file's setup, registered as its vitest hooks: the shipped policy (lachan.test a
 * local domain) and a CountingReader as the process's PDF text reader from beforeAll to afterAll;
 * `scan` parses a raw message, runs every scanner but sender authentication with clamd stood in,
 * decides, and releases the message after the test.
 */
export function shippedPolicyScan(): {
  readonly policy: Policy;
  readonly reader: CountingReader;
  /** Release this message after the test (one parsed by the test itself). */
  keep(message: ParsedMessage): void;
  scan(raw: Buffer, scanners?: readonly Scanner[]): Promise<PdfTextScan>;
} {
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  let policy: Policy | undefined;
  let reader: CountingReader | undefined;
  const parsed: ParsedMessage[] = [];
  beforeAll(async () => {
    policy = await loadPolicy(SHIPPED_POLICY_DIR, { extraLocalDomains: ['lachan.test'] });
    reader = new CountingReader();
    await replacePdfTextReader(reader);
  });
  afterEach(async () => {
    for (const m of parsed.splice(0)) await releaseMessage(m);
  });
  afterAll(async () => {
    await replacePdfTextReader(undefined);
  });
  return {
    get policy() {
      if (!policy) throw new Error('shippedPolicyScan: used before its beforeAll ran');
      return policy;
    },
    keep(message) {
      parsed.push(message);
    },
    get reader() {
      if (!reader) throw new Error('shippedPolicyScan: used before its beforeAll ran');
      return reader;
    },
    async scan(raw, only = scanners) {
      if (!policy || !reader) throw new Error('shippedPolicyScan: used before its beforeAll ran');
      const message = await parseMessage(raw, DEFAULT_LIMITS);
      parsed.push(message);
      const before = reader.given.length;
      const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() }, only);
      const verdict = decide(findings, policy, { unstrippable: unstrippableIds(message.attachments) });
      return { message, findings, verdict, callback: findings.filter((f) => f.kind === 'content.callback-scam'), reads: reader.given.slice(before) };
    },
  };
}

/**
 * `pdf` locked by qpdf with the user password `password` (AES-256, as Acrobat and Word write it),
 * written through a new folder under `dir` (the test's temporary folder). qpdf must be installed
 * (test/support/debian.ts ensureDebianPackages).
 */
export function qpdfLocked(pdf: Buffer, password: string, dir: string): Buffer {
  const work = mkdtempSync(path.join(dir, 'qpdf-'));
  writeFileSync(path.join(work, 'in.pdf'), pdf);
  const r = spawnSync('qpdf', ['--encrypt', password, 'chu-so-huu-7', '256', '--', 'in.pdf', 'out.pdf'], { cwd: work, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`qpdf: ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.pdf'));
}

/** A free-mail sender: PDF text is read for mail from free mail (or under a short body). */
export const FREEMAIL_SENDER = 'olivia.carter.7719@gmail.com';
export const MB = 1024 * 1024;
/** A callback-scam invoice: the PDF text step's finding when it is read (callback.ts). */
export const CALLBACK_NOTICE: string[] = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];
