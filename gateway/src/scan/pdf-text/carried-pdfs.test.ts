import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CRLF, ics, inlineFile } from '../../../../test-fixtures/calendar-invites.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { unstrippableIds } from '../../act/strip.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from '../index.js';
import { replacePdfTextReader } from './off-thread.js';
import { CountingReader, SHIPPED_POLICY_DIR } from './testing.js';

/**
 * PDFs inside carried messages read for their text (pdf-text/index.ts pdfTextCandidates): a
 * callback-scam PDF in a saved .eml attached as text/plain (read as a forwarded message:
 * parse/index.ts savedMessage), in a .eml a calendar invitation carries, or carried by the
 * invitation itself, gets the finding the same PDF attached directly gets. Whole messages through
 * the parser and runScanners (every scanner but sender authentication), the real pdf.js worker and
 * the shipped policy; clamd is a stand-in.
 */
const SCANNERS = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
const GMAIL = 'olivia.carter.7719@gmail.com';
const NOTICE = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];
const SCAM_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });
const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

/** A saved message from `from` holding hoa-don.pdf (`pdf`) under a one-line text. */
const savedMessage = (pdf: Buffer, from = `Olivia Carter <${GMAIL}>`) =>
  Buffer.from(
    [
      `From: ${from}`,
      'To: b@lachan.test',
      'Subject: Invoice QX-20261124',
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please find your invoice attached.',
      '--in',
      'Content-Type: application/pdf; name="hoa-don.pdf"',
      'Content-Disposition: attachment; filename="hoa-don.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(pdf),
      '--in--',
      '',
    ].join(CRLF),
  );

/** A message from Gmail with a one-line text and `part` (its header lines and base64 data). */
const mail = (type: string, name: string, data: Buffer) =>
  Buffer.from(
    [
      `From: ${GMAIL}`,
      'To: b@lachan.test',
      'Subject: Fw: invoice',
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See attached.',
      '--b',
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(data),
      '--b--',
      '',
    ].join(CRLF),
  );
const invite = (attach: string) => Buffer.from(ics(['SUMMARY:Invoice review', attach], { prodid: null, props: ['UID:carried-pdf@lachan.test'] }));

let policy: Policy;
let reader: CountingReader;
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

async function scan(raw: Buffer) {
  const message = await parseMessage(raw, DEFAULT_LIMITS);
  parsed.push(message);
  const before = reader.reads;
  const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() }, SCANNERS);
  const verdict = decide(findings, policy, { unstrippable: unstrippableIds(message.attachments) });
  return { callback: findings.filter((f) => f.kind === 'content.callback-scam'), action: verdict.action, reads: reader.reads - before, message };
}

describe('PDFs inside carried messages, read for their text', () => {
  it('reads the PDF of a saved .eml attached as text/plain as that of a forwarded message/rfc822', async () => {
    const forwarded = await scan(mail('message/rfc822', 'invoice.eml', savedMessage(SCAM_PDF)));
    const saved = await scan(mail('text/plain', 'invoice.eml', savedMessage(SCAM_PDF)));
    expect(forwarded.callback.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
    expect(saved.message.attachments.map((a) => [a.id, a.carriedBy])).toEqual([
      ['a1', undefined],
      ['a1.a1', 'a1'],
    ]);
    expect(saved.reads).toBe(1);
    expect(saved.callback.map((f) => f.tags)).toEqual(forwarded.callback.map((f) => f.tags));
    expect(saved.callback[0]?.detail).toMatch(/\(hoa-don\.pdf\)$/);
    expect(saved.action).toBe(forwarded.action);
  });

  it('reads the PDF of a .eml a calendar invitation carries, and a PDF the invitation carries itself', async () => {
    const inEml = await scan(mail('text/calendar', 'invite.ics', invite(inlineFile('FMTTYPE=message/rfc822;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=invoice.eml', savedMessage(SCAM_PDF)))));
    expect(inEml.message.attachments.map((a) => a.id)).toEqual(['a1', 'a1.c1', 'a1.c1.a1']);
    expect(inEml.callback.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
    const inInvite = await scan(mail('text/calendar', 'invite.ics', invite(inlineFile('FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=hoa-don.pdf', SCAM_PDF))));
    expect(inInvite.callback.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
  });

  it('reads nothing for a harmless PDF in a saved .eml (a PDF read, no finding)', async () => {
    const harmless = textPdf([['Bien ban hop giao ban thang 11', 'Thanh phan: phong ke toan, phong hanh chinh.']], { font: 'identity-h', compress: true });
    const v = await scan(mail('text/plain', 'bien-ban.eml', savedMessage(harmless)));
    expect([v.reads, v.callback]).toEqual([1, []]);
  });
});
