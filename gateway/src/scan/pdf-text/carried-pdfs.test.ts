import { describe, expect, it } from 'vitest';
import { ics, inlineFile } from '../../../../test-fixtures/calendar-invites.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { attachmentMail } from '../shipped-verdict.js';
import { shippedPolicyScan } from './testing.js';

/**
 * PDFs inside carried messages read for their text (pdf-text/index.ts pdfTextCandidates): a
 * callback-scam PDF in a saved .eml attached as text/plain (read as a forwarded message:
 * parse/index.ts savedMessage), in a .eml a calendar invitation carries, or carried by the
 * invitation itself, gets the finding the same PDF attached directly gets. Whole messages through
 * the parser and runScanners (every scanner but sender authentication), the real pdf.js worker and
 * the shipped policy; clamd is a stand-in.
 */
const GMAIL = 'olivia.carter.7719@gmail.com';
const NOTICE = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];
const SCAM_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });

/** A saved message from `from` holding hoa-don.pdf (`pdf`) under a one-line text. */
const savedMessage = (pdf: Buffer, from = `Olivia Carter <${GMAIL}>`) =>
  Buffer.from(attachmentMail('hoa-don.pdf', 'application/pdf', pdf, { from, subject: 'Invoice QX-20261124', text: 'Please find your invoice attached.' }));

/** A message from Gmail with a one-line text and `data` attached as `type` named `name` (base64). */
const mail = (type: string, name: string, data: Buffer) => Buffer.from(attachmentMail(name, type, data, { from: GMAIL, subject: 'Fw: invoice', text: 'See attached.' }));
const invite = (attach: string) => Buffer.from(ics(['SUMMARY:Invoice review', attach], { prodid: null, props: ['UID:carried-pdf@lachan.test'] }));

const t = shippedPolicyScan();

async function scan(raw: Buffer) {
  const { callback, verdict, reads, message } = await t.scan(raw);
  return { callback, action: verdict.action, reads: reads.length, message };
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
