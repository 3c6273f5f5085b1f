import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { testMail, type TestPart } from '../../../test/support/pictures.js';
import { ArchivePdfs, pdfContentKey } from './archive-pdfs.js';
import { PDF_TEXT_MAX_BYTES, PDF_TEXT_MAX_FILES } from './index.js';
import { CALLBACK_NOTICE, FREEMAIL_SENDER, MB, qpdfLocked, shippedPolicyScan } from './testing.js';

/**
 * One PDF, many copies: the same locked PDF attached twice, or attached and inside a zip, or in two
 * zips, gets one outcome — opened with the password the walk opened any copy with (a common one
 * here), its text read once — and a copy takes no room among the PDFs read per message
 * (pdf-text/index.ts pdfContent, archive-pdfs.ts). Whole messages through the parser and every
 * scanner but sender authentication, the real pdf.js worker and the shipped policy; clamd is a
 * stand-in. The PDFs are callback notices locked by qpdf (AES-256).
 */
const NOTICE = CALLBACK_NOTICE;
const NOTICE_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });

const t = shippedPolicyScan();
let dir: string;
let LOCKED: Buffer;

beforeAll(() => {
  ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdfcopies-'));
  LOCKED = qpdfLocked(NOTICE_PDF, '123456', dir);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const pdfPart = (name: string, data: Buffer): TestPart => ({ type: 'application/pdf', name, data });
const zipPart = async (name: string, files: Record<string, Buffer>): Promise<TestPart> => ({ type: 'application/zip', name, data: (await makeZip(files)) as Buffer });

async function scan(parts: TestPart[]) {
  const { findings, callback, reads } = await t.scan(testMail({ subject: 'Requested invoice', from: FREEMAIL_SENDER, text: 'Please find the attached invoice.', parts }));
  const encrypted = findings.filter((f) => f.kind === 'attachment.encrypted').map((f) => [f.subject, f.tags?.slice(0, 3)]);
  return { encrypted, named: callback.map((f) => f.detail.match(/\(([^()]*)\)$/)?.[1]), reads };
}

describe('a locked PDF met several times in a message is opened and read once for all its copies', () => {
  it('attached twice: both copies opened by the walk, the text read once with its password', async () => {
    const v = await scan([pdfPart('hoa-don.pdf', LOCKED), pdfPart('hoa-don (1).pdf', LOCKED)]);
    expect(v.encrypted).toEqual([
      ['hoa-don.pdf', ['pdf', 'opened', 'common-password']],
      ['hoa-don (1).pdf', ['pdf', 'opened', 'common-password']],
    ]);
    expect(v.named).toEqual(['hoa-don.pdf']);
    // before: [[], [], ['123456']] — the second copy read too, and left locked
    expect(v.reads).toEqual([[], ['123456']]);
  }, 60_000);

  it('attached and inside a zip: read once, the attached copy first', async () => {
    const v = await scan([pdfPart('hoa-don.pdf', LOCKED), await zipPart('hoa-don.zip', { 'thang-11/hoa-don.pdf': LOCKED })]);
    expect(v.encrypted.map(([, tags]) => tags)).toEqual([['pdf', 'opened', 'common-password'], ['pdf', 'opened', 'common-password']]);
    expect(v.named).toEqual(['hoa-don.pdf']);
    expect(v.reads).toEqual([[], ['123456']]);
  }, 60_000);

  it('inside two zips: read once, with the walk\'s password straight away', async () => {
    const v = await scan([await zipPart('a.zip', { 'hoa-don.pdf': LOCKED }), await zipPart('b.zip', { 'ban-sao.pdf': LOCKED })]);
    expect(v.named).toEqual(['a.zip → hoa-don.pdf']);
    expect(v.reads).toEqual([['123456']]);
  }, 60_000);

  it('copies take no room: three copies of one report leave room for the notice in a zip', async () => {
    const report = textPdf([['Báo cáo quý 3', 'Số liệu dịch vụ công trực tuyến.']]);
    const parts = [...[1, 2, 3].map((n) => pdfPart(`bao-cao-${n}.pdf`, report)), await zipPart('hoa-don.zip', { 'hoa-don.pdf': NOTICE_PDF })];
    expect(parts.length).toBeGreaterThan(PDF_TEXT_MAX_FILES);
    const v = await scan(parts);
    expect(v.named).toEqual(['hoa-don.zip → hoa-don.pdf']);
    expect(v.reads).toEqual([[], []]);
  }, 60_000);

  it('a big locked scan attached and inside a zip: its parts read once, again with the walk\'s password', async () => {
    const big = qpdfLocked(scannedPdf({ pictureBytes: 6 * MB, lines: NOTICE, textFirst: true }), 'password', dir);
    expect(big.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES);
    const v = await scan([pdfPart('hoa-don.pdf', big), await zipPart('hoa-don.zip', { 'hoa-don.pdf': big })]);
    expect(v.named).toEqual(['hoa-don.pdf']);
    expect(v.reads).toEqual([[], ['password']]);
  }, 120_000);
});

describe('the hand-over keeps each content once (ArchivePdfs)', () => {
  const member = (name: string, content: string) => ({ attachmentId: 'z1', path: ['x.zip', name], bytes: Buffer.from('%PDF-1.7'), content });
  const A = pdfContentKey('a'.repeat(64), 100);
  const B = pdfContentKey('b'.repeat(64), 200);

  it('keeps no copy of an attached PDF the text step reads, nor a second copy of a member, and takes no room for them', async () => {
    const h = new ArchivePdfs();
    h.open(2, [A]);
    expect(h.wants(A)).toBe(false);
    h.offer(member('a.pdf', A));
    h.offer(member('b.pdf', B));
    h.offer(member('b-again.pdf', B));
    expect(h.wants(B)).toBe(false);
    expect(h.wants()).toBe(true);
    h.close();
    expect((await h.done).map((p) => p.path[1])).toEqual(['b.pdf']);
  });

  it('gives the password that opened one copy for every copy of its content, the copy\'s own first', async () => {
    const h = new ArchivePdfs();
    h.open(1);
    h.offerOpened('a1', [], '123456', A);
    h.offerOpened('z1', ['x.zip', 'b.pdf'], 'Hd2611xq', B);
    h.offerOpened('z2', ['y.zip', 'b.pdf'], '2024', B);
    h.close();
    const opened = await h.openedWith;
    expect(opened('a2', [], A)).toBe('123456');
    expect(opened('z3', ['z.zip', 'b.pdf'], B)).toBe('Hd2611xq');
    expect(opened('z2', ['y.zip', 'b.pdf'], B)).toBe('2024');
    expect(opened('a2', [])).toBeUndefined();
    expect(opened('a2', [], pdfContentKey('c'.repeat(64), 1))).toBeUndefined();
  });
});
