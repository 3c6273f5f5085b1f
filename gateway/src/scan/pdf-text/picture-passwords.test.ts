import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { ensureOcrPackages, pictureRenderer, testMail, type PictureRenderer, type TestPart } from '../../../test/support/pictures.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { evaluate, type Evaluation } from '../../pipeline/evaluate.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { spooledFromBuffer } from '../../smtp/spool.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS } from '../index.js';
import { useOcr } from '../ocr/tesseract.js';
import type { ScanContext } from '../types.js';
import { ArchivePdfs } from './archive-pdfs.js';
import { scanPdfText } from './index.js';
import { replacePdfTextReader } from './off-thread.js';
import { CountingReader, SHIPPED_POLICY_DIR } from './testing.js';

/**
 * A locked PDF whose password is only in a picture, read for its text: the attachments scanner reads
 * the pictures' passwords by OCR (scan/ocr/passwords.ts) and hands them to the PDF text step with the
 * archive PDFs (archive-pdfs.ts), which tries them on a PDF no password of the text opened. Whole
 * messages through the parser, every scanner but sender authentication, the shipped policy, the real
 * pdf.js worker and the real tesseract (pictures drawn by chromium); the PDFs are callback notices
 * (text-pdf.mjs) locked by qpdf with a user password (AES-256). clamd is a stand-in.
 */
const GMAIL = 'olivia.carter.7719@gmail.com';
const TEXT = 'Kính gửi anh,\nGửi anh hóa đơn tháng 10 đính kèm, mật khẩu trong ảnh.\nTrân trọng';
const NOTICE = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];

let policy: Policy;
let renderer: PictureRenderer;
let reader: CountingReader;
let dir: string;
const parsed: ParsedMessage[] = [];
const evaluated: Evaluation[] = [];

beforeAll(async () => {
  ensureOcrPackages();
  ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
  policy = await loadPolicy(SHIPPED_POLICY_DIR);
  renderer = await pictureRenderer();
  reader = new CountingReader();
  await replacePdfTextReader(reader);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdfpic-'));
}, 120_000);
afterAll(async () => {
  useOcr({});
  await replacePdfTextReader(undefined);
  for (const e of evaluated) await releaseMessage(e.parsed);
  for (const m of parsed) await releaseMessage(m);
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `pdf` locked by qpdf with the user password `password` (AES-256, as Acrobat and Word write it). */
function locked(pdf: Buffer, password: string): Buffer {
  const work = mkdtempSync(path.join(dir, 'p-'));
  writeFileSync(path.join(work, 'in.pdf'), pdf);
  const r = spawnSync('qpdf', ['--encrypt', password, 'chu-so-huu-7', '256', '--', 'in.pdf', 'out.pdf'], { cwd: work, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`qpdf: ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.pdf'));
}

const NOTICE_PDF = textPdf([NOTICE], { font: 'identity-h', compress: true });
const LOCKED = () => locked(NOTICE_PDF, 'Hd2611xq');
const pdfPart = (data: Buffer): TestPart => ({ type: 'application/pdf', name: 'hoa-don.pdf', data });

async function scan(raw: Buffer) {
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  const before = reader.given.length;
  const e = await evaluate(spooledFromBuffer(raw), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners });
  evaluated.push(e);
  return {
    action: e.verdict.action,
    rules: e.verdict.hits.map((h) => h.rule),
    encrypted: e.findings.filter((f) => f.kind === 'attachment.encrypted'),
    callback: e.findings.filter((f) => f.kind === 'content.callback-scam'),
    reads: reader.given.slice(before),
  };
}

describe('a locked PDF whose password is only in a picture (pdf-text/index.ts lockedRetries)', () => {
  it('reads the text of a locked callback PDF with the password an attached picture shows, as the walk opens it for its links', async () => {
    const png = await renderer.png('Mật khẩu mở tệp: <b>Hd2611xq</b>');
    const raw = testMail({ subject: 'Hóa đơn tháng 10', from: GMAIL, text: TEXT, parts: [pdfPart(LOCKED()), { type: 'image/png', name: 'mat-khau.png', data: png }] });
    useOcr({});
    const v = await scan(raw);
    expect(v.encrypted.map((f) => f.tags)).toEqual([['pdf', 'opened', 'password-in-message', 'password-in-picture']]);
    expect(v.callback.map((f) => [f.tags?.includes('in-pdf'), f.detail.endsWith('(hoa-don.pdf)')])).toEqual([[true, true]]);
    expect(v.rules).toContain('callback-scam');
    // read twice: with the text's passwords (none), then with the picture's
    expect(v.reads).toEqual([[], expect.arrayContaining(['Hd2611xq'])]);

    // without OCR the PDF stays locked: no text, no callback finding
    useOcr({ enabled: false });
    const without = await scan(raw);
    useOcr({});
    expect(without.callback).toEqual([]);
    expect(without.reads).toEqual([[]]);
    expect(without.rules).not.toContain('callback-scam');
  }, 90_000);

  it('reads it with the password of a data: picture in the HTML body when the PDF is the only attachment', async () => {
    const png = await renderer.png('Mật khẩu: <b>Hd2611xq</b>');
    const html = `<p>Kính gửi anh, hóa đơn đính kèm.</p><img alt="" src="data:image/png;base64,${png.toString('base64')}">`;
    useOcr({});
    const v = await scan(testMail({ subject: 'Hóa đơn tháng 10', from: GMAIL, html, parts: [pdfPart(LOCKED())] }));
    expect(v.callback.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
    expect(v.encrypted.map((f) => f.tags)).toEqual([['pdf', 'opened', 'password-in-message', 'password-in-picture']]);
  }, 90_000);

  it('reads nothing more when the picture gives a wrong password (the walk holds it: not-opened)', async () => {
    const png = await renderer.png('Mật khẩu mở tệp: <b>Sai9999zz</b>');
    useOcr({});
    const v = await scan(testMail({ subject: 'Hóa đơn tháng 10', from: GMAIL, text: TEXT, parts: [pdfPart(LOCKED()), { type: 'image/png', name: 'mat-khau.png', data: png }] }));
    expect(v.callback).toEqual([]);
    expect(v.encrypted.map((f) => f.tags)).toEqual([['pdf', 'password', 'not-opened', 'password-in-message', 'password-in-picture']]);
    expect(v.reads.length).toBe(2);
    expect(v.action).toBe('quarantine');
  }, 90_000);
});

describe('the pictures\' passwords handed to the PDF text step (ArchivePdfs.picturePasswords)', () => {
  async function step(opts: { pdf: Buffer; text?: string; handOver: ArchivePdfs; signal?: AbortSignal; extra?: TestPart[] }) {
    const raw = testMail({ subject: 'Requested invoice', from: GMAIL, text: opts.text ?? 'Invoice attached.', parts: [pdfPart(opts.pdf), ...(opts.extra ?? [])] });
    const message = await parseMessage(raw, DEFAULT_LIMITS);
    parsed.push(message);
    const ctx: ScanContext = { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), archivePdfs: opts.handOver, ...(opts.signal ? { signal: opts.signal } : {}) };
    const before = reader.given.length;
    const started = performance.now();
    const findings = await scanPdfText(message, ctx, reader);
    return { findings, reads: reader.given.slice(before), ms: performance.now() - started };
  }

  it('tries the handed-over passwords the text did not give, once the hand-over closes', async () => {
    const handOver = new ArchivePdfs();
    const done = step({ pdf: LOCKED(), text: 'Invoice attached. Password: Wrong4455', handOver });
    handOver.offerPicturePasswords(['Wrong4455', 'Hd2611xq']);
    setTimeout(() => handOver.close(), 200);
    const { findings, reads } = await done;
    expect(findings.map((f) => [f.kind, f.tags?.includes('in-pdf')])).toEqual([['content.callback-scam', true]]);
    expect(reads).toEqual([['Wrong4455'], ['Hd2611xq']]);
  });

  it('does not read again when the pictures give no new password, nor wait for the hand-over for a PDF that opened', async () => {
    const same = new ArchivePdfs();
    same.offerPicturePasswords(['Wrong4455']);
    same.close();
    const r = await step({ pdf: LOCKED(), text: 'Password: Wrong4455', handOver: same });
    expect([r.findings, r.reads]).toEqual([[], [['Wrong4455']]]);
    // a PDF that opens: the hand-over (never closed here) is not waited for
    const clear = await step({ pdf: NOTICE_PDF, handOver: new ArchivePdfs() });
    expect(clear.findings).toHaveLength(1);
    expect(clear.ms).toBeLessThan(3000);
  });

  it('waits for the pictures\' passwords no longer than the message lets it (its signal or budget)', async () => {
    const never = new ArchivePdfs();
    const { findings, reads, ms } = await step({ pdf: LOCKED(), handOver: never, signal: AbortSignal.timeout(2000) });
    expect([findings, reads]).toEqual([[], [[]]]);
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(4000);
  });
});
