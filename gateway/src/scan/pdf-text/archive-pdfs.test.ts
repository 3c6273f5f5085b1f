import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { benchMessage, largeMessage } from '../../../bench/messages.js';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { testMail } from '../../../test/support/pictures.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS } from '../index.js';
import type { Scanner } from '../types.js';
import { ArchivePdfs } from './archive-pdfs.js';
import { carrierShaped, PDF_TEXT_BODY_MAX, pdfTextScanner } from './index.js';
import { shippedPolicyScan } from './testing.js';

/**
 * PDFs inside archives (a zip holding `hoa-don.pdf`) read for their words: whole messages through
 * the parser, runScanners (every scanner but sender authentication: the attachments scanner hands
 * the PDFs its walks meet to the PDF text step, archive-pdfs.ts), the real pdf.js worker and the
 * shipped policy, with lachan.test as a local domain; clamd is a stand-in.
 */
const SCANNERS = DEFAULT_SCANNERS.filter((s) => s !== authScanner);

const t = shippedPolicyScan();

const NOTICE = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];
const SCAM_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });
const GMAIL = 'olivia.carter.7719@gmail.com';
const zipped = (files: Record<string, Buffer>) => makeZip(files) as Promise<Buffer>;
const zipPart = async (name: string, files: Record<string, Buffer>) => ({ type: 'application/zip', name, data: await zipped(files) });
const pdfPart = (name: string, data = SCAM_PDF) => ({ type: 'application/pdf', name, data });

async function scan(opts: { from?: string; text?: string; parts: { type: string; name: string; data: Buffer }[]; scanners?: readonly Scanner[]; raw?: Buffer }) {
  const raw = opts.raw ?? testMail({ subject: 'Requested invoice', from: opts.from ?? GMAIL, text: opts.text ?? 'Please find the attached document.', parts: opts.parts });
  const { findings, callback, verdict, reads, message } = await t.scan(raw, opts.scanners ?? SCANNERS);
  return { findings, callback, verdict, reads: reads.length, message };
}

describe('PDFs inside archives, read for their text (scan/pdf-text/archive-pdfs.ts)', () => {
  it('gives a zip holding a callback-scam PDF the finding and verdict the PDF gets attached directly, naming the member', async () => {
    const direct = await scan({ parts: [pdfPart('hoa-don.pdf')] });
    const inZip = await scan({ parts: [await zipPart('hoa-don.zip', { 'thang-11/hoa-don.pdf': SCAM_PDF })] });
    expect(direct.callback).toHaveLength(1);
    expect(inZip.callback).toHaveLength(1);
    const [d, z] = [direct.callback[0]!, inZip.callback[0]!];
    expect(z.tags).toEqual(d.tags);
    expect(z.tags).toEqual(expect.arrayContaining(['in-pdf', 'freemail', 'brand-elsewhere', 'norton']));
    expect(d.detail).toMatch(/\(hoa-don\.pdf\)$/);
    expect(z.detail).toBe(d.detail.replace('(hoa-don.pdf)', '(hoa-don.zip → thang-11/hoa-don.pdf)'));
    expect(inZip.verdict.action).toBe(direct.verdict.action);
    expect(inZip.verdict.hits.map((h) => h.rule).filter((r) => r.startsWith('callback')).sort()).toEqual(['callback-scam', 'callback-scam-impostor']);
    expect(inZip.reads).toBe(1);
  });

  it('reads a PDF two archives deep, and a PDF embedded in a zip next to harmless files', async () => {
    const inner = await zipped({ 'hoa-don.pdf': SCAM_PDF, 'readme.txt': Buffer.from('Hóa đơn tháng 11.') });
    const { callback, reads } = await scan({ parts: [await zipPart('tai-lieu.zip', { 'bang-ke.zip': inner })] });
    expect(reads).toBe(1);
    expect(callback.map((f) => f.detail.match(/\(([^()]*)\)$/)?.[1])).toEqual(['tai-lieu.zip → bang-ke.zip → hoa-don.pdf']);
  });

  it('reads no archive PDF of a long letter from a company, nor of mail from the local domains (the bench 100 KB case)', async () => {
    const letter = Array.from({ length: 40 }, (_, i) => `Mục ${i + 1}: báo cáo số liệu dịch vụ công trực tuyến của đơn vị trong quý.`).join('\n');
    expect(letter.length).toBeGreaterThan(PDF_TEXT_BODY_MAX);
    const zip = await zipPart('bao-cao.zip', { 'bao-cao.pdf': SCAM_PDF });
    const company = await scan({ from: 'billing@invoices-center.example', text: letter, parts: [zip] });
    expect([company.callback, company.reads]).toEqual([[], 0]);
    const local = await scan({ from: 'ketoan@lachan.test', parts: [zip] });
    expect([local.callback, local.reads]).toEqual([[], 0]);
    // the same zip under a one-line body from a company is read
    const short = await scan({ from: 'billing@invoices-center.example', parts: [zip] });
    expect([short.callback.length, short.reads]).toEqual([1, 1]);
  });

  it('reads the attached PDFs first, and archive PDFs only in the room they leave (three per message)', async () => {
    const plain = (n: number) => textPdf([[`Báo cáo quý ${n}`]]);
    const zip = await zipPart('hoa-don.zip', { 'hoa-don.pdf': SCAM_PDF });
    const full = await scan({ parts: [pdfPart('a.pdf', plain(1)), pdfPart('b.pdf', plain(2)), pdfPart('c.pdf', plain(3)), zip] });
    expect([full.callback, full.reads]).toEqual([[], 3]);
    const room = await scan({ parts: [pdfPart('a.pdf', plain(1)), pdfPart('b.pdf', plain(2)), zip] });
    expect([room.callback.length, room.reads]).toEqual([1, 3]);
    const many = await scan({ parts: [await zipPart('nhieu.zip', { '1.pdf': plain(1), '2.pdf': plain(2), '3.pdf': plain(3), '4.pdf': SCAM_PDF })] });
    expect([many.callback, many.reads]).toEqual([[], 3]);
    // a member met again byte for byte is walked once (attachments/duplicates.ts), so read once
    const copies = await scan({ parts: [await zipPart('nhieu.zip', { '1.pdf': plain(1), '2.pdf': plain(1), '3.pdf': plain(1), '4.pdf': SCAM_PDF })] });
    expect([copies.callback.length, copies.reads]).toEqual([1, 2]);
  });

  it('keeps one finding per message when an attached PDF and an archive PDF both carry the notice', async () => {
    const { callback } = await scan({ parts: [pdfPart('hoa-don.pdf'), await zipPart('hoa-don.zip', { 'hoa-don.pdf': SCAM_PDF })] });
    expect(callback.map((f) => f.detail.endsWith('(hoa-don.pdf)'))).toEqual([true]);
  });

  it('does not wait for archive PDFs when the attachments scanner does not run', async () => {
    const started = performance.now();
    const { findings, reads } = await scan({ parts: [await zipPart('hoa-don.zip', { 'hoa-don.pdf': SCAM_PDF })], scanners: [pdfTextScanner] });
    expect([findings, reads]).toEqual([[], 0]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('PDFs over 4 MB, read in part (big-pdf.ts)', () => {
  const MB = 1024 * 1024;
  // a 7 MB "scanned invoice": the picture page first, the callback notice on a page written after it
  const BIG = scannedPdf({ pictureBytes: 7 * MB, lines: NOTICE });

  it('gives a big scanned invoice, attached or in a zip, the verdict the small notice gets', async () => {
    const small = await scan({ parts: [pdfPart('hoa-don.pdf')] });
    const attached = await scan({ parts: [pdfPart('hoa-don.pdf', BIG)] });
    const inZip = await scan({ parts: [await zipPart('hoa-don.zip', { 'hoa-don.pdf': BIG })] });
    for (const big of [attached, inZip]) {
      expect(big.reads).toBe(1);
      expect(big.callback.map((f) => f.tags)).toEqual(small.callback.map((f) => f.tags));
      expect(big.verdict.action).toBe(small.verdict.action);
      expect(big.verdict.hits.map((h) => h.rule).filter((r) => r.startsWith('callback')).sort()).toEqual(['callback-scam', 'callback-scam-impostor']);
    }
    expect(inZip.callback[0]!.detail).toMatch(/\(hoa-don\.zip → hoa-don\.pdf\)$/);
  });

  it('reads no PDF of the bench messages: the 100 KB report under a long letter, the 25 MB-class scan with no font', async () => {
    const report = await scan({ parts: [], raw: benchMessage(100 * 1024) });
    expect(report.reads).toBe(0);
    const scanned = await scan({ parts: [], raw: largeMessage(8 * MB) });
    // a short note with a big PDF: the shape read for text, passed over because the scan names no font
    expect(carrierShaped(scanned.message)).toBe(true);
    expect(scanned.message.attachments.map((a) => a.size > 5 * MB)).toEqual([true]);
    expect(scanned.reads).toBe(0);
  });
});

describe('the hand-over of archive PDFs (ArchivePdfs)', () => {
  const pdf = (n: number) => ({ attachmentId: 'a1', path: ['x.zip', `${n}.pdf`], bytes: Buffer.from(`%PDF-${n}`) });

  it('keeps nothing until opened with room, then at most that many, and gives them once closed', async () => {
    const h = new ArchivePdfs();
    expect(h.wants()).toBe(false);
    h.offer(pdf(0));
    h.open(2);
    for (const n of [1, 2, 3]) h.offer(pdf(n));
    expect(h.wants()).toBe(false);
    h.close();
    h.close();
    expect((await h.done).map((p) => p.path[1])).toEqual(['1.pdf', '2.pdf']);
  });

  it('gives the pictures\' passwords offered before it closes, each once, and none offered after', async () => {
    const h = new ArchivePdfs();
    h.offerPicturePasswords(['Hd2611xq', 'HdZ611xq']);
    h.offerPicturePasswords(new Set(['Hd2611xq', 'x7Kq4821']));
    h.close();
    h.offerPicturePasswords(['late1234']);
    expect(await h.picturePasswords).toEqual(['Hd2611xq', 'HdZ611xq', 'x7Kq4821']);
    const none = new ArchivePdfs();
    none.close();
    expect(await none.picturePasswords).toEqual([]);
  });

  it('takes nothing after it is closed', async () => {
    const h = new ArchivePdfs();
    h.open(3);
    h.close();
    h.offer(pdf(1));
    h.open(5);
    expect(h.wants()).toBe(false);
    expect(await h.done).toEqual([]);
  });
});
