import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as office from '../../../../test-fixtures/attachments/office-payloads.mjs';
import * as payloads from '../../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { attachmentsScanner } from '../attachments/index.js';
import { makeRar5 } from '../attachments/rar-builder.js';
import { fakeClamd, makeAttachment } from '../attachments/test-helpers.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from '../index.js';
import { makeContext, makeMessage } from '../test-helpers.js';
import { QrReader } from './off-thread.js';
import { QR_MAX_IMAGES, QR_MAX_SOURCES, type QrSource } from './read.js';
import { qrPng } from './test-helpers.js';

/**
 * "Quishing" through archives and documents: a QR picture as a member of a zip, a RAR or a zip in a
 * zip, or as the media part of a Word document, is read like an attached picture (the walk hands
 * its members' pictures to the QR step, walk.ts), named by its path in the findings, and the message
 * gets the verdict an attached QR picture gets; and a zip of many pictures costs no more than the
 * per-message budget. Through the real parser, scanners (not sender authentication), QR worker and
 * shipped policy; clamd is a stand-in (qr-messages.test.ts has the real one).
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(POLICY_DIR);
});
const parsed: ParsedMessage[] = [];
afterEach(async () => {
  for (const m of parsed.splice(0)) await releaseMessage(m);
});

const ZIP = 'application/zip';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BLOCKED = 'https://blocked.lachan.invalid/hoa-don/tra-cuu';
/** No list has it: the QR code alone warns (qr-code-link). */
const LOOKALIKE = 'https://hoadon-dientu-tracuu.example/xac-minh';

function mail(files: { name: string; type: string; data: Buffer }[]): string {
  const b = 'MIX';
  const lines = [
    'From: Phong Ke toan <ke.toan@sender.example>',
    'To: nhan.vien@lachan.test',
    'Subject: Hoa don dien tu thang 3',
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <qr-archive@sender.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Kính gửi anh chị, phòng kế toán gửi kèm hóa đơn điện tử tháng này để anh chị lưu hồ sơ.',
    '',
  ];
  for (const f of files) {
    lines.push(`--${b}`, `Content-Type: ${f.type}; name="${f.name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${f.name}"`, '');
    lines.push(f.data.toString('base64').replace(/.{76}/g, '$&\r\n'), '');
  }
  lines.push(`--${b}--`, '');
  return lines.join('\r\n');
}

async function verdict(files: { name: string; type: string; data: Buffer }[]) {
  const message = await parseMessage(Buffer.from(mail(files), 'utf8'), DEFAULT_LIMITS);
  parsed.push(message);
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() }, scanners);
  const v = decide(findings, policy);
  return { findings, action: v.action, warning: v.warning, rules: v.hits.map((h) => h.rule).sort() };
}

/** The verdict of the same QR picture attached as a picture of its own. */
async function asAttachedPicture(url: string) {
  return verdict([{ name: 'ma-qr.png', type: 'image/png', data: await qrPng(url) }]);
}

describe('QR codes in pictures inside archives and documents', () => {
  it('reads a PNG in a zip to a blocked host: the finding names "hoa-don.zip → ma-qr.png" and the message is held as for an attached picture', async () => {
    const zip: Buffer = await payloads.makeZip({ 'ma-qr.png': await qrPng(BLOCKED) });
    const v = await verdict([{ name: 'hoa-don.zip', type: ZIP, data: zip }]);
    const listed = v.findings.find((f) => f.kind === 'url.listed' && f.list === 'blocked_domains');
    expect(listed?.detail).toContain('link in a QR code: an attached picture, hoa-don.zip → ma-qr.png');
    expect(listed?.attachment).toBeDefined();
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toEqual([BLOCKED]);
    expect(qr?.detail).toContain('hoa-don.zip → ma-qr.png');
    expect(qr?.tags).toEqual(expect.arrayContaining(['attachment', 'only-link', 'blocked.lachan.invalid']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('blocked-link');
    const top = await asAttachedPicture(BLOCKED);
    expect({ action: v.action, warning: v.warning }).toEqual({ action: top.action, warning: top.warning });
  });

  it('warns about a QR link to an unknown look-alike host in a zip, as for an attached picture', async () => {
    const zip: Buffer = await payloads.makeZip({ 'hoa-don/ma-qr.png': await qrPng(LOOKALIKE) });
    const v = await verdict([{ name: 'hoa-don.zip', type: ZIP, data: zip }]);
    expect(v.findings.find((f) => f.kind === 'url.qr-code')?.detail).toContain('hoa-don.zip → hoa-don/ma-qr.png');
    expect(v.rules).toContain('qr-code-link');
    const top = await asAttachedPicture(LOOKALIKE);
    expect(top.rules).toContain('qr-code-link');
    expect({ action: v.action, warning: v.warning }).toEqual({ action: top.action, warning: top.warning });
    expect(v.warning || v.action !== 'deliver').toBe(true);
  });

  it('reads word/media/image1.png of a .docx to a blocked host and holds the message', async () => {
    const docx: Buffer = await office.makeDocx({ files: { 'word/media/image1.png': await qrPng(BLOCKED) } });
    const v = await verdict([{ name: 'hoa-don.docx', type: DOCX, data: docx }]);
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['office', 'blocked.lachan.invalid']));
    expect(qr?.detail).toContain('a picture in an Office document, hoa-don.docx → word/media/image1.png');
    expect(v.findings.find((f) => f.kind === 'url.listed')?.detail).toContain('hoa-don.docx → word/media/image1.png');
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('blocked-link');
  });

  it('reads a PNG in a RAR (7-Zip) and one in a zip inside a zip, naming the whole path', async () => {
    const rar = makeRar5([{ name: 'scan/ma-qr.png', data: await qrPng(LOOKALIKE) }]);
    const inner: Buffer = await payloads.makeZip({ 'ma-qr.png': await qrPng('https://nested-qr.example/a') });
    const outer: Buffer = await payloads.makeZip({ 'ho-so/trong.zip': inner });
    const v = await verdict([
      { name: 'ho-so.rar', type: 'application/vnd.rar', data: rar },
      { name: 'ngoai.zip', type: ZIP, data: outer },
    ]);
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls?.slice().sort()).toEqual(['https://nested-qr.example/a', LOOKALIKE].sort());
    expect(qr?.detail).toContain('ho-so.rar → scan/ma-qr.png');
    expect(qr?.detail).toContain('ngoai.zip → ho-so/trong.zip → ma-qr.png');
  });
});

/** A PNG of w×h grey noise (no QR code), distinct for each seed. */
function noisePng(w: number, h: number, seed: number): Buffer {
  const png = new PNG({ width: w, height: h });
  let x = seed * 2654435761;
  for (let i = 0; i < png.data.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = x >>> 24;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

describe('the per-message budget holds for pictures inside archives', () => {
  /** The attachments scanner on one zip, with the 'scan.qr' log record. */
  async function scanZip(files: Record<string, Buffer>) {
    const zip: Buffer = await payloads.makeZip(files, { store: true });
    const records: Record<string, unknown>[] = [];
    const log = silentLogger();
    log.debug = ((obj: Record<string, unknown>) => void records.push(obj)) as typeof log.debug;
    const att = makeAttachment('anh.zip', zip, { contentType: ZIP, trueType: { ext: 'zip', mime: ZIP }, id: 'a1' });
    const findings = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd(), log }));
    return { findings, qr: records.find((r) => r.evt === 'scan.qr') as { sources: number; decoded: number; unread: number; ms: number } };
  }

  it('a zip of 1,000 QR pictures: at most QR_MAX_IMAGES decoded, at most QR_MAX_SOURCES handed to the reader', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 999; i++) files[`anh/${String(i).padStart(4, '0')}.png`] = await qrPng(`https://q${i}.example/`, 3);
    const { findings, qr } = await scanZip(files);
    expect(qr.decoded).toBeLessThanOrEqual(QR_MAX_IMAGES);
    expect(qr.sources).toBeLessThanOrEqual(QR_MAX_SOURCES);
    expect(qr.unread).toBeGreaterThan(0); // the rest were passed over, not decoded
    const links = findings.find((f) => f.kind === 'url.qr-code')?.urls ?? [];
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(QR_MAX_IMAGES);
  }, 60_000);

  it('pictures too small to hold a QR code do not use up the budget: a QR picture after 200 icons in a zip is read', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 200; i++) files[`icons/${String(i).padStart(3, '0')}.png`] = noisePng(16, 16, i + 1);
    files['zz-ma-qr.png'] = await qrPng(LOOKALIKE);
    const { findings, qr } = await scanZip(files);
    expect(findings.find((f) => f.kind === 'url.qr-code')?.urls).toEqual([LOOKALIKE]);
    expect(qr.sources).toBe(1);
  });
});

describe('the QR worker counts only pictures it can read against QR_MAX_SOURCES', () => {
  const reader = new QrReader({ timeBudgetMs: 60_000 });
  afterAll(() => reader.close());

  it(`reads a QR picture given after ${QR_MAX_SOURCES + 6} icons (a newsletter's logos, then the attached code)`, async () => {
    const icon = (i: number): QrSource => ({ where: 'body-image', path: [`logo${i}.png`], image: async () => noisePng(16, 16, i + 1) });
    const sources = Array.from({ length: QR_MAX_SOURCES + 6 }, (_, i) => icon(i));
    const png = await qrPng(LOOKALIKE);
    sources.push({ where: 'attachment', attachmentId: 'a1', path: ['ma-qr.png'], image: async () => png });
    const run = await reader.read(sources);
    expect(run.links.map((l) => l.ref.url)).toEqual([LOOKALIKE]);
    expect(run.via).toBe('worker');
  });
});
