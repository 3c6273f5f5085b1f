import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';
import { allReasons } from '../act/reasons.js';
import { unstrippableIds } from '../act/strip.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { parseMessage, releaseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { decide } from '../policy/engine.js';
import { loadPolicy } from '../policy/loader.js';
import type { Policy } from '../policy/types.js';
import { authScanner } from './auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from './index.js';
import type { ClamdClient } from './attachments/clamd.js';
import { unusedClamd } from './test-helpers.js';
import type { Finding } from './types.js';

/** What a hand-written message gets under the shipped policy. */
export interface ShippedVerdict {
  action: string;
  warning: boolean;
  rules: string[];
  kinds: string[];
  /** Attachment ids the verdict removes before delivery (the 'strip' action, which reports 'deliver'). */
  strip: string[];
  findings: Finding[];
  /** The banner's reasons, in Vietnamese and in English (act/reasons.ts allReasons). */
  reasons: string[];
  reasonsEn: string[];
}

/**
 * For tests of whole messages: registers the hooks of a test file (the shipped policy loaded once,
 * parsed messages released after each test) and returns `verdict(raw)`, which runs a message
 * through the real parser, the scanners (not sender authentication: no DNS here) and the policy in
 * policies/. clamd is not there unless given (`clamd`: a fake or the test clamd, for the file or for
 * one call), for messages with attachments.
 */
export function shippedPolicyVerdicts(opts: { clamd?: ClamdClient } = {}): (raw: string, clamd?: ClamdClient) => Promise<ShippedVerdict> {
  const policyDir = fileURLToPath(new URL('../../../policies', import.meta.url));
  let policy: Policy;
  const parsed: ParsedMessage[] = [];
  beforeAll(async () => {
    policy = await loadPolicy(policyDir);
  });
  afterEach(async () => {
    for (const m of parsed.splice(0)) await releaseMessage(m);
  });
  return async (raw, clamd = opts.clamd ?? unusedClamd) => {
    const message = await parseMessage(Buffer.from(raw, 'utf8'), DEFAULT_LIMITS);
    parsed.push(message);
    const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
    const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd, log: silentLogger() }, scanners);
    const v = decide(findings, policy, { unstrippable: unstrippableIds(message.attachments) });
    return {
      action: v.action,
      warning: v.warning,
      rules: v.hits.map((h) => h.rule),
      kinds: findings.map((f) => f.kind),
      strip: v.strip,
      findings,
      reasons: allReasons(v, 'vi'),
      reasonsEn: allReasons(v, 'en'),
    };
  };
}

/** A one-part message with these headers (To, Date and Message-ID given unless overridden). */
export function singlePartMail(headers: Record<string, string>, body: string, type = 'text/plain'): string {
  return [
    ...Object.entries({ To: 'an.nguyen@lachan.test', Date: 'Mon, 4 Nov 2024 08:00:00 +0700', 'Message-ID': '<t@x.example>', ...headers }).map(
      ([k, v]) => `${k}: ${v}`,
    ),
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}

/**
 * An ordinary office message (a short text) with one attachment `name` of type `type`, in base64;
 * `opts` changes its From, Subject or text.
 */
export function attachmentMail(name: string, type: string, data: Buffer, opts: { from?: string; subject?: string; text?: string } = {}): string {
  return attachmentsMail([[name, type, data]], opts);
}

/** The same with several attachments: [name, type, bytes] each. */
export function attachmentsMail(files: readonly (readonly [string, string, Buffer])[], opts: { from?: string; subject?: string; text?: string } = {}): string {
  const b = '----=_lachan_att';
  return [
    `From: ${opts.from ?? 'Phong Ke toan <ke.toan@sender.example>'}`,
    'To: nhan.vien@lachan.test',
    `Subject: ${opts.subject ?? 'Ho so thang 3'}`,
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <att@sender.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.text ?? 'Gửi anh hồ sơ tháng 3.',
    ...files.flatMap(([name, type, data]) => [
      `--${b}`,
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      data.toString('base64').replace(/.{76}/g, '$&\r\n'),
    ]),
    `--${b}--`,
    '',
  ].join('\r\n');
}
