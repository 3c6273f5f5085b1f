import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { testMail, type TestPart } from '../../../test/support/pictures.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { contentFromBuffer } from '../../parse/content.js';
import { parseMessage } from '../../parse/index.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import { PDF_MAX_BYTES } from '../attachments/pdf.js';
import type { ScanContext } from '../types.js';
import { ArchivePdfs, pdfContentKey } from './archive-pdfs.js';
import { pdfTextBytes } from './big-pdf.js';
import { PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES, scanPdfText } from './index.js';
import { CALLBACK_NOTICE, FREEMAIL_SENDER, MB, qpdfLocked, shippedPolicyScan } from './testing.js';

/**
 * A locked PDF over 4 MB (a "scanned invoice": one big picture and a page of text, read by the
 * walk window by window and by the PDF text step as its first 4 MB and last 1 MB) inside a zip or
 * a 7z is read for its text with the passwords a top-level one gets: the one the walk opened it
 * with (a common one, or the message's), and, when none did, those the message's pictures show,
 * once the walks are done (lockedRetries). Whole messages through the parser and every scanner but
 * sender authentication, the real pdf.js worker and 7-Zip, the shipped policy; the PDFs locked by
 * qpdf (AES-256); clamd is a stand-in.
 */
const NOTICE = CALLBACK_NOTICE;

const t = shippedPolicyScan();
let dir: string;

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'qpdf', file: '/usr/bin/qpdf' },
    { pkg: 'p7zip-full', file: '/usr/bin/7z' },
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdfbigarc-'));
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A scanned invoice of ~`mb` MB, the notice on a page written after the picture (in the last MB) or before it. */
const bigLocked = (password: string, mb: number, textFirst = false) => qpdfLocked(scannedPdf({ pictureBytes: mb * MB, lines: NOTICE, textFirst }), password, dir);

function sevenZip(files: Record<string, Buffer>): Buffer {
  const work = mkdtempSync(path.join(dir, '7z-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(work, name), data);
  const r = spawnSync('7z', ['a', '-t7z', 'out.7z', ...Object.keys(files)], { cwd: work, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`7z: ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.7z'));
}

async function scan(parts: TestPart[], text = 'Invoice attached.') {
  const { findings, callback, reads } = await t.scan(testMail({ subject: 'Requested invoice', from: FREEMAIL_SENDER, text, parts }));
  return {
    encrypted: findings.filter((f) => f.kind === 'attachment.encrypted').map((f) => f.tags?.slice(0, 3)),
    named: callback.map((f) => f.detail.match(/\(([^()]*)\)$/)?.[1]),
    reads,
  };
}

describe('a locked PDF over 4 MB inside an archive, read for its text with the walk\'s password', () => {
  it('in a zip, opened by the walk with a common password: read with it straight away', async () => {
    const pdf = bigLocked('2024', 12);
    expect(pdf.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES);
    const v = await scan([{ type: 'application/zip', name: 'hoa-don.zip', data: (await makeZip({ 'scan/hoa-don.pdf': pdf })) as Buffer }]);
    expect(v.encrypted).toEqual([['pdf', 'opened', 'common-password']]);
    expect(v.named).toEqual(['hoa-don.zip → scan/hoa-don.pdf']);
    expect(v.reads).toEqual([['2024']]);
  }, 120_000);

  it('in a 7z, opened with the password the text gives past the few the text step tries itself', async () => {
    const pdf = bigLocked('Hd2611xq', 6, true);
    const text = ['Aa111111', 'Bb222222', 'Cc333333', 'Dd444444', 'Hd2611xq'].map((p, i) => `Mật khẩu file ${i + 1}: ${p}`).join('\n');
    const v = await scan([{ type: 'application/x-7z-compressed', name: 'hoa-don.7z', data: sevenZip({ 'hoa-don.pdf': pdf }) }], text);
    expect(v.encrypted).toEqual([['pdf', 'opened', 'password-in-message']]);
    expect(v.named).toEqual(['hoa-don.7z → hoa-don.pdf']);
    expect(v.reads).toEqual([['Hd2611xq']]);
  }, 120_000);
});

describe('a big locked archive member no password of the walk opened, read again with the pictures\' passwords', () => {
  it('is read with its first 4 MB and last 1 MB kept, then again with a password handed over once the walks are done', async () => {
    const pdf = bigLocked('Xq7719pd', 8);
    expect(pdf.length).toBeGreaterThan(PDF_MAX_BYTES);
    const zip = (await makeZip({ 'hoa-don.pdf': pdf })) as Buffer;
    const message = await parseMessage(testMail({ subject: 'Requested invoice', from: FREEMAIL_SENDER, text: 'Invoice attached.', parts: [{ type: 'application/zip', name: 'hoa-don.zip', data: zip }] }), DEFAULT_LIMITS);
    t.keep(message);
    // what the walk offers of a big member (walk-pdf.ts): its parts for pdf.js, its content key
    const parts = await pdfTextBytes(contentFromBuffer(pdf));
    expect(parts?.length).toBe(PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES);
    const handOver = new ArchivePdfs();
    handOver.open(3);
    const content = pdfContentKey(createHash('sha256').update(pdf).digest('hex'), pdf.length);
    handOver.offer({ attachmentId: message.attachments[0]!.id, path: ['hoa-don.zip', 'hoa-don.pdf'], bytes: parts!, content });
    const ctx: ScanContext = { policy: t.policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), archivePdfs: handOver };
    const before = t.reader.given.length;
    const done = scanPdfText(message, ctx, t.reader);
    handOver.offerPicturePasswords(['Xq7719pd']);
    setTimeout(() => handOver.close(), 200);
    const findings = await done;
    expect(findings.map((f) => [f.kind, f.detail.endsWith('(hoa-don.zip → hoa-don.pdf)')])).toEqual([['content.callback-scam', true]]);
    expect(t.reader.given.slice(before)).toEqual([[], ['Xq7719pd']]);
  }, 120_000);
});
