import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { createLimiter } from '../../limiter.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makePolicy } from '../test-helpers.js';
import { pdfImages } from '../qr/pdf-images.js';
import { qrPixels, toJpeg } from '../qr/test-helpers.js';
import { createClamdClient } from './clamd.js';
import { hashIndex } from './hashes.js';
import { attachmentItem } from './index.js';
import { candidatesFromText } from './passwords.js';
import { decryptedPdf, embeddedContent } from './pdf-decrypted.js';
import { inspectPdf, pdfDecryption, PdfTryBudget, type PdfLimits } from './pdf.js';
import { makeAttachment } from './test-helpers.js';
import { AttachmentWalk, messageBudgets } from './walk.js';

/**
 * Decrypted copies of PDFs opened with a password (pdf-decrypted.ts): for ClamAV, for the QR reader,
 * and their embedded files walked as members. The PDFs are encrypted by qpdf (RC4-128, AES-128,
 * AES-256, with and without object streams), from PDFs made here.
 */

const LURE = 'https://dichvucong.gov-vn.com/dang-nhap';
const PASSWORD = 'Hs#2025';
const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const withText = (text: string): PdfLimits => ({ ...LIMITS, passwords: () => candidatesFromText(text) });

/** A PDF carrying `file` as an embedded file named `name` (deflated), a link, and a script run on opening holding our test marker. */
function pdfWithAttachment(name: string, file: Buffer): Buffer {
  const z = deflateSync(file);
  return p.pdfFromObjects([
    `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(${name}) 4 0 R] >> >> /OpenAction 6 0 R >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 612 400] /A << /S /URI /URI (${LURE}) >> >>] >>`,
    `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F 5 0 R >> >>`,
    Buffer.concat([Buffer.from(`<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${z.length} >>\nstream\n`), z, Buffer.from('\nendstream')]),
    `<< /Type /Action /S /JavaScript /JS (var ghiChu = "${p.MARKER}"; app.alert\\(ghiChu\\);) >>`,
  ]);
}

/** A one-page PDF drawing a QR code of `link` (a JPEG picture), with a cross-reference table (qpdf wants one). */
async function qrPdf(link: string): Promise<Buffer> {
  const px = await qrPixels(link);
  const jpeg = toJpeg(px);
  const draw = 'q 200 0 0 200 100 500 cm /Im1 Do Q';
  return p.pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>',
    Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`),
      jpeg,
      Buffer.from('\nendstream'),
    ]),
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
  ]);
}

let dir: string;
beforeAll(() => {
  ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdf-copy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `qpdf [other] --encrypt USER OWNER <enc> -- in out` of `pdf`. */
function encrypt(pdf: Buffer, user: string, [enc, other = []]: Scheme): Buffer {
  const input = path.join(dir, 'in.pdf');
  const output = path.join(dir, 'out.pdf');
  writeFileSync(input, pdf);
  const r = spawnSync('qpdf', ['--allow-weak-crypto', ...other, '--encrypt', user, 'chu-so-huu', ...enc, '--', input, output], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(output);
}

type Scheme = [enc: string[], other?: string[]];
const AES256: Scheme = [['256']];
const SCHEMES: [string, Scheme][] = [
  ['RC4-128', [['128', '--use-aes=n']]],
  ['AES-128', [['128', '--use-aes=y']]],
  ['AES-256', AES256],
  ['AES-256, object streams', [['256'], ['--object-streams=generate']]],
];

async function opened(pdf: Buffer, text = `Mật khẩu: ${PASSWORD}`) {
  const report = await inspectPdf(pdf, withText(text));
  return { report, crypt: pdfDecryption(report) };
}

describe('the decrypted copy of a PDF opened with a password', () => {
  it.each(SCHEMES)('%s: strings and streams in the clear, /Encrypt gone, the embedded file named and whole', async (_, scheme) => {
    const pdf = encrypt(pdfWithAttachment('eicar.com', p.EICAR), PASSWORD, scheme);
    expect(pdf.includes(p.MARKER)).toBe(false);
    const { report, crypt } = await opened(pdf);
    expect(report.encryption?.unlock?.opened).toBe(true);
    const copy = decryptedPdf(pdf, crypt!, { maxBytes: 1024 * 1024 })!;
    expect(copy.pdf.includes('/Encrypt')).toBe(false);
    // the script's string as written (ClamAV's signatures match it), unless qpdf put it in a (compressed) object stream
    expect(copy.pdf.includes(p.MARKER)).toBe(scheme[1] === undefined);
    // our own reader reads the copy as a clear PDF: the same links and active content
    const again = await inspectPdf(copy.pdf, LIMITS);
    expect(again.encryption).toBeUndefined();
    expect(again.uris).toEqual([LURE]);
    expect(again.active).toEqual(report.active);
    expect(copy.embedded.map((e) => [e.name, e.filters])).toEqual([['eicar.com', ['FlateDecode']]]);
    expect((await embeddedContent(copy.embedded[0]!, 1024))?.data.equals(p.EICAR)).toBe(true);
  });

  it('is not made past its byte limit, and an embedded file is not inflated past its cap', async () => {
    const pdf = encrypt(pdfWithAttachment('bao-cao.txt', Buffer.alloc(200_000, 'a')), PASSWORD, AES256);
    const { crypt } = await opened(pdf);
    expect(decryptedPdf(pdf, crypt!, { maxBytes: 500 })).toBeUndefined();
    const copy = decryptedPdf(pdf, crypt!, { maxBytes: 1024 * 1024 })!;
    expect(copy.pdf.length).toBeLessThan(pdf.length + 1024);
    expect(await embeddedContent(copy.embedded[0]!, 100_000)).toEqual({ data: Buffer.alloc(0), overCap: true });
    expect((await embeddedContent(copy.embedded[0]!, 200_000))?.data.length).toBe(200_000);
  });

  it('of a PDF that opens without a password, keeps only its pictures, decrypted, for the QR reader', async () => {
    const pdf = encrypt(await qrPdf('https://blocked.lachan.invalid/quet-ma'), '', AES256);
    expect(pdfImages(pdf)[0]?.decode()).toBeUndefined(); // encrypted: no JPEG to read
    const { report, crypt } = await opened(pdf, 'Gửi anh.');
    expect(report.encryption).toEqual({ state: 'readable', method: 'AES-256' });
    const copy = decryptedPdf(pdf, crypt!, { maxBytes: 1024 * 1024, picturesOnly: true })!;
    expect(copy.pdf.includes('/Catalog')).toBe(false);
    const images = pdfImages(copy.pdf);
    expect(images).toHaveLength(1);
    expect(images[0]!.decode()?.width).toBeGreaterThan(100);
  });
});

describe('bounded on hostile input (the sender of a PDF it locks also gives the password)', () => {
  it('makes a copy of 4 MB of adversarial syntax fast, RC4 (JavaScript) and AES-256', async () => {
    const M = 4 * 1024 * 1024;
    const fill = (unit: string) => Buffer.from('%PDF-1.7\n' + unit.repeat(Math.ceil(M / unit.length)), 'latin1').subarray(0, M);
    const cases = {
      'tiny stream objects': fill('1 0 obj << >> stream\nxyz\nendstream endobj '),
      'unterminated literal strings': fill('1 0 obj ('),
      'unterminated hex strings': fill('1 0 obj < a'),
      'nested parentheses': fill('(('),
      'file specifications without end': fill('1 0 obj << /EF << /F 2 0 R >> /UF (a) >> endobj 2 0 obj << /Type /EmbeddedFile >> stream\nx\nendstream endobj '),
    };
    for (const scheme of [[['128', '--use-aes=n']], AES256] as Scheme[]) {
      const { crypt } = await opened(encrypt(pdfWithAttachment('a.txt', Buffer.from('a')), PASSWORD, scheme));
      for (const [what, pdf] of Object.entries(cases)) {
        const t = performance.now();
        const copy = decryptedPdf(pdf, crypt!, { maxBytes: 16 * 1024 * 1024 });
        expect(copy?.embedded.length ?? 0).toBeLessThanOrEqual(64);
        expect({ what, fast: performance.now() - t < 2000 }).toEqual({ what, fast: true });
      }
    }
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('password-opened PDFs and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  async function walk(pdf: Buffer, text: string, budget?: PdfTryBudget) {
    const w = new AttachmentWalk({
      limits: DEFAULT_LIMITS,
      hashes: hashIndex(makePolicy()),
      clamd,
      clamdLimit: createLimiter(2),
      passwords: () => candidatesFromText(text),
      ...(budget && { budgets: { ...messageBudgets(), pdfTries: budget } }),
    });
    await w.inspect(attachmentItem(makeAttachment('ho-so.pdf', pdf, { contentType: 'application/pdf' })));
    await w.finish();
    return w.findings.map((f) => `${f.kind} ${f.subject}`).sort();
  }

  it.each(SCHEMES)('%s: EICAR embedded is found in the copy and as a member', async (_, scheme) => {
    const pdf = encrypt(pdfWithAttachment('eicar.com', p.EICAR), PASSWORD, scheme);
    expect(await clamd.scan(pdf)).toEqual({ infected: false }); // what clamd sees without us
    const findings = await walk(pdf, `Kính gửi anh,\nMật khẩu mở tệp: ${PASSWORD}\nTrân trọng`);
    expect(findings).toEqual(expect.arrayContaining([
      'attachment.dangerous-type ho-so.pdf → eicar.com',
      'attachment.virus ho-so.pdf → decrypted',
      'attachment.virus ho-so.pdf → eicar.com',
      'attachment.encrypted ho-so.pdf',
    ]));
  });

  it.each(SCHEMES)('%s: a script\'s string is in the clear in the copy, where clamd\'s signatures match it', async (_, scheme) => {
    const pdf = encrypt(pdfWithAttachment('ghi-chu.txt', Buffer.from('Ghi chú nội bộ.')), PASSWORD, scheme);
    expect(await clamd.scan(pdf)).toEqual({ infected: false });
    const copy = decryptedPdf(pdf, (await opened(pdf)).crypt!, { maxBytes: 1 << 20 })!;
    expect((await clamd.scan(copy.pdf)).signature).toMatch(/^Lachan\.Test\.Marker/);
    expect(await walk(pdf, `Mật khẩu: ${PASSWORD}`)).toContain('attachment.virus ho-so.pdf → decrypted');
  });

  it('without the password nothing inside is seen: no virus, the PDF reported locked', async () => {
    const pdf = encrypt(pdfWithAttachment('eicar.com', p.EICAR), PASSWORD, AES256);
    const findings = await walk(pdf, 'Gửi anh hồ sơ.');
    expect(findings.filter((f) => f.startsWith('attachment.virus'))).toEqual([]);
    expect(findings).toContain('attachment.encrypted ho-so.pdf');
  });

  it('makes no copy once the message\'s copy bytes are spent: clamd gets the file as sent', async () => {
    const pdf = encrypt(pdfWithAttachment('eicar.com', p.EICAR), PASSWORD, AES256);
    const spent = new PdfTryBudget();
    spent.copyBytes = 0;
    const findings = await walk(pdf, `Mật khẩu: ${PASSWORD}`, spent);
    expect(findings.filter((f) => f.startsWith('attachment.virus'))).toEqual([]);
  });

  describe('QR codes in the pictures of encrypted PDFs, under the shipped policy', () => {
    const verdict = shippedPolicyVerdicts({ clamd });
    const LINK = 'https://blocked.lachan.invalid/xac-minh';
    const mail = (pdf: Buffer, text: string) => attachmentMail('thong-bao.pdf', 'application/pdf', pdf).replace('Gửi anh hồ sơ tháng 3.', text);

    it.each(SCHEMES)('%s, opened with the password in the text: the QR link is checked and held', async (_, scheme) => {
      const pdf = encrypt(await qrPdf(LINK), PASSWORD, scheme);
      const v = await verdict(mail(pdf, `Kính gửi anh,\nMật khẩu: ${PASSWORD}\nTrân trọng`));
      expect(v.kinds).toEqual(expect.arrayContaining(['url.qr-code', 'url.listed']));
      expect(v.rules).toContain('blocked-link');
      expect(v.action).toBe('quarantine');
      const locked = await verdict(mail(pdf, 'Gửi anh tài liệu.'));
      expect(locked.kinds).not.toContain('url.qr-code');
    });

    it('opening without a password (permissions only): the QR link is checked too', async () => {
      const v = await verdict(mail(encrypt(await qrPdf(LINK), '', AES256), 'Gửi anh tài liệu.'));
      expect(v.kinds).toEqual(expect.arrayContaining(['url.qr-code', 'url.listed']));
    });
  });
});
