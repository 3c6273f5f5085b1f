import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { testMail, type TestPart } from '../../../test/support/pictures.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage } from '../../parse/index.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import type { ScanContext } from '../types.js';
import { ArchivePdfs } from './archive-pdfs.js';
import { PDF_TEXT_MAX_BYTES, scanPdfText } from './index.js';
import { CALLBACK_NOTICE, FREEMAIL_SENDER, MB, shippedPolicyScan } from './testing.js';

/**
 * A locked PDF the attachments scanner's walk opened with a password the PDF text step does not try
 * by itself (a common one: '123456', '2024'), read for its text with that password (the walk hands
 * it over: archive-pdfs.ts offerOpened / openedWith), attached or inside a zip; and a locked PDF
 * over 4 MB (a scanned invoice, read as its first 4 MB and last 1 MB: big-pdf.ts) read again with
 * the walk's or the pictures' passwords, as a small one is. Whole messages through the parser and
 * runScanners (every scanner but sender authentication), the real pdf.js worker, the shipped
 * policy; the PDFs are callback notices (text-pdf.mjs, scanned-pdf.mjs) locked by qpdf (AES-256).
 * clamd is a stand-in.
 */
const NOTICE = CALLBACK_NOTICE;
const NOTICE_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });

const t = shippedPolicyScan();
let dir: string;

beforeAll(() => {
  ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdfwalkpw-'));
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `pdf` locked by qpdf with the user password `password` (AES-256, as Acrobat and Word write it). */
function locked(pdf: Buffer, password: string): Buffer {
  const work = mkdtempSync(path.join(dir, 'p-'));
  writeFileSync(path.join(work, 'in.pdf'), pdf);
  const r = spawnSync('qpdf', ['--encrypt', password, 'chu-so-huu-7', '256', '--', 'in.pdf', 'out.pdf'], { cwd: work, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`qpdf: ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.pdf'));
}

const pdfPart = (data: Buffer, name = 'hoa-don.pdf'): TestPart => ({ type: 'application/pdf', name, data });

async function scan(parts: TestPart[], text = 'Please find the attached invoice.') {
  const { findings, callback, verdict, reads } = await t.scan(testMail({ subject: 'Requested invoice', from: FREEMAIL_SENDER, text, parts }));
  return { callback, encrypted: findings.filter((f) => f.kind === 'attachment.encrypted'), rules: verdict.hits.map((h) => h.rule), reads };
}

describe('a locked PDF the walk opened with a common password, read for its text with it (ArchivePdfs.openedWith)', () => {
  it('reads an attached one again with the walk\'s password once the walks are done', async () => {
    const v = await scan([pdfPart(locked(NOTICE_PDF, '123456'))]);
    expect(v.encrypted.map((f) => f.tags)).toEqual([['pdf', 'opened', 'common-password']]);
    expect(v.callback.map((f) => [f.tags?.includes('in-pdf'), f.detail.endsWith('(hoa-don.pdf)')])).toEqual([[true, true]]);
    expect(v.rules).toContain('callback-scam-impostor');
    // first with the text's passwords (none), then with the one the walk opened it with
    expect(v.reads).toEqual([[], ['123456']]);
  }, 60_000);

  it('reads one inside a zip with the walk\'s password straight away, named by its path', async () => {
    const zip = (await makeZip({ 'thang-11/hoa-don.pdf': locked(NOTICE_PDF, '2024') })) as Buffer;
    const v = await scan([{ type: 'application/zip', name: 'hoa-don.zip', data: zip }]);
    expect(v.callback.map((f) => f.detail.endsWith('(hoa-don.zip → thang-11/hoa-don.pdf)'))).toEqual([true]);
    expect(v.reads).toEqual([['2024']]);
  }, 60_000);

  it('reads nothing of one no password opens (the walk hands none over)', async () => {
    const v = await scan([pdfPart(locked(NOTICE_PDF, 'Kx81!qpz'))]);
    expect(v.callback).toEqual([]);
    expect(v.reads).toEqual([[]]);
  }, 60_000);
});

describe('a locked PDF over 4 MB (a scanned invoice) read again with other passwords, as a small one is', () => {
  const BIG = () => locked(scannedPdf({ pictureBytes: 6 * MB, lines: NOTICE, textFirst: true }), 'Hd2611xq');

  it('tries the pictures\' passwords on it (ArchivePdfs.picturePasswords)', async () => {
    const pdf = BIG();
    expect(pdf.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES);
    const message = await parseMessage(testMail({ subject: 'Requested invoice', from: FREEMAIL_SENDER, text: 'Invoice attached.', parts: [pdfPart(pdf)] }), DEFAULT_LIMITS);
    t.keep(message);
    const handOver = new ArchivePdfs();
    const ctx: ScanContext = { policy: t.policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), archivePdfs: handOver };
    const before = t.reader.given.length;
    const done = scanPdfText(message, ctx, t.reader);
    handOver.offerPicturePasswords(['Hd2611xq']);
    setTimeout(() => handOver.close(), 200);
    const findings = await done;
    expect(findings.map((f) => [f.kind, f.tags?.includes('in-pdf')])).toEqual([['content.callback-scam', true]]);
    expect(t.reader.given.slice(before)).toEqual([[], ['Hd2611xq']]);
  }, 60_000);

  it('reads it with the password the walk opened it with (a common one), through every scanner', async () => {
    const v = await scan([pdfPart(locked(scannedPdf({ pictureBytes: 6 * MB, lines: NOTICE, textFirst: true }), 'password'))]);
    expect(v.encrypted.map((f) => f.tags?.slice(0, 3))).toEqual([['pdf', 'opened', 'common-password']]);
    expect(v.callback.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
    expect(v.reads).toEqual([[], ['password']]);
  }, 60_000);
});
