import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { testMail, type TestPart } from '../../../test/support/pictures.js';
import { PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES } from './index.js';
import { CALLBACK_NOTICE, FREEMAIL_SENDER, MB, shippedPolicyScan } from './testing.js';

/**
 * A PDF over 5 MB is read for its text as its first 4 MB and last 1 MB (big-pdf.ts): a page of
 * text between them is not read. When its text gave no finding, that is recorded —
 * attachment.partly-read tagged pdf and text, rule pdf-partly-read (deliver, no banner) — attached
 * or inside a zip; not when the notice was found, nor for a scan that names no font (not read at
 * all). Whole messages through every scanner but sender authentication, the real pdf.js worker,
 * the shipped policy; clamd is a stand-in.
 */
const NOTICE = CALLBACK_NOTICE;
const LETTER = ['Cong van so 123/UBND', 'V/v bao cao so lieu quy 3 nam 2024.'];

const t = shippedPolicyScan();

async function scan(parts: TestPart[]) {
  const { findings, callback, verdict, reads } = await t.scan(testMail({ subject: 'Tai lieu', from: FREEMAIL_SENDER, text: 'Gui anh tai lieu.', parts }));
  const partly = findings.filter((f) => f.kind === 'attachment.partly-read').map((f) => [f.subject, f.attachment !== undefined, f.tags]);
  return { partly, callback: callback.length, action: verdict.action, rules: verdict.hits.map((h) => h.rule), reads: reads.length };
}

describe('a big PDF whose middle was not read for text says so (attachment.partly-read, tag text)', () => {
  const big = scannedPdf({ pictureBytes: 7 * MB, lines: LETTER });

  it('records an attached one read in part that gave no notice, and delivers it', async () => {
    expect(big.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES);
    const v = await scan([{ type: 'application/pdf', name: 'cong-van.pdf', data: big }]);
    expect(v.reads).toBe(1);
    expect(v.partly).toEqual([['cong-van.pdf', true, ['pdf', 'text']]]);
    expect(v.rules).toContain('pdf-partly-read');
    expect(v.action).toBe('deliver');
  });

  it('records one inside a zip under its path', async () => {
    const v = await scan([{ type: 'application/zip', name: 'cong-van.zip', data: (await makeZip({ 'cong-van.pdf': big })) as Buffer }]);
    expect(v.partly).toEqual([['cong-van.zip → cong-van.pdf', true, ['pdf', 'text']]]);
  });

  it('records nothing when the notice was found, nor for a PDF read whole, nor for a scan with no font', async () => {
    const notice = await scan([{ type: 'application/pdf', name: 'hoa-don.pdf', data: scannedPdf({ pictureBytes: 7 * MB, lines: NOTICE }) }]);
    expect([notice.callback, notice.partly]).toEqual([1, []]);
    const whole = await scan([{ type: 'application/pdf', name: 'nho.pdf', data: scannedPdf({ pictureBytes: 3 * MB, lines: LETTER }) }]);
    expect([whole.reads, whole.partly]).toEqual([1, []]);
    const noFont = await scan([{ type: 'application/pdf', name: 'scan.pdf', data: scannedPdf({ pictureBytes: 7 * MB }) }]);
    expect([noFont.reads, noFont.partly]).toEqual([0, []]);
  });
});
