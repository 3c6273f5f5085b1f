import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { inspectLargePdf, PDF_MAX_BYTES, type PdfLimits } from '../attachments/pdf.js';
import { PDF_MAX_SCAN_BYTES, PDF_WINDOW_BYTES, PDF_WINDOW_OVERLAP } from '../attachments/pdf-windows.js';
import { attachmentsScanner } from '../attachments/index.js';
import { fakeClamd, makeAttachment } from '../attachments/test-helpers.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { readQr } from './images.js';
import { PDF_MAX_IMAGES, pdfImages } from './pdf-images.js';
import { PdfWindowPictures, PDF_WINDOW_PICTURE_BYTES } from './pdf-window-pictures.js';
import { qrPixels, toJpeg } from './test-helpers.js';
import { unhurriedQrReader } from './testing.js';

/**
 * QR codes in the pictures of a big PDF past its first window (PDF_MAX_BYTES): kept as the windows
 * reader goes by (pdf-window-pictures.ts) within one window's bytes, and read by the QR reader.
 */
const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const MB = 1024 * 1024;

unhurriedQrReader();

/** A JPEG picture XObject showing a QR code of `link`. */
async function qrPicture(link: string): Promise<Buffer> {
  const px = await qrPixels(link, 5);
  const jpeg = toJpeg(px);
  const dict = `<< /Type /XObject /Subtype /Image /Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(dict, 'latin1'), jpeg, Buffer.from('\nendstream', 'latin1')]);
}

/** A picture XObject of `n` random bytes; `side` within the QR size window or (default) a 300 dpi page outside it. */
function filler(n: number, side?: number): Buffer {
  const [w, h] = side ? [side, side] : [2480, 3508];
  return Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${n} >>\nstream\n`, 'latin1'), randomBytes(n), Buffer.from('\nendstream', 'latin1')]);
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';
const pdfOf = (...objects: Buffer[]) => p.pdfFromObjects([CATALOG, PAGES, PAGE, ...objects]);

/** The links the QR reader reads out of a PDF's bytes (its first PDF_MAX_BYTES, as pdfImages does). */
function linksIn(pdf: Buffer | undefined): (string | undefined)[] {
  if (!pdf) return [];
  return pdfImages(pdf).map((img) => {
    const px = img.decode();
    return px && readQr(px);
  });
}

async function readBig(pdf: Buffer, input: Buffer | Readable = pdf) {
  const pictures = new PdfWindowPictures();
  const report = await inspectLargePdf(input, pdf.length, LIMITS, (w, at) => pictures.add(w, at));
  const count = pictures.count;
  return { report, count, later: pictures.pdf() };
}

function chunked(bytes: Buffer): Readable {
  let at = 0;
  return new Readable({
    read() {
      this.push(at < bytes.length ? bytes.subarray(at, (at += 64 * 1024)) : null);
    },
  });
}

describe('pictures of a big PDF past its first window', () => {
  it('the head alone misses a QR picture at 9 MB; the windows give it, from bytes and from a stream', async () => {
    const pdf = pdfOf(filler(9 * MB), await qrPicture('https://trang-9mb.example/'), filler(3 * MB));
    expect(pdf.indexOf('trang-9mb')).toBe(-1); // the link is only in the picture
    for (const input of [pdf, chunked(pdf)]) {
      const { report, later, count } = await readBig(pdf, input);
      expect(linksIn(report.head)).toEqual([]);
      expect(count).toBe(1);
      expect(linksIn(later)).toEqual(['https://trang-9mb.example/']);
    }
  });

  it('leaves pictures whole in the head to the head, and keeps a picture in two overlapping windows once', async () => {
    const inHead = await qrPicture('https://trong-dau.example/');
    const inOverlap = await qrPicture('https://vung-chong.example/');
    // the second window is [4 MB - overlap, 8 MB - overlap); the third starts one overlap before that end
    const secondEnd = 2 * PDF_WINDOW_BYTES - PDF_WINDOW_OVERLAP;
    const third = secondEnd - PDF_WINDOW_OVERLAP;
    const build = (pad: number) => pdfOf(filler(1 * MB), inHead, filler(pad), inOverlap, filler(3 * MB));
    const where = (pdf: Buffer) => pdf.indexOf(inOverlap.subarray(inOverlap.length - 100)); // its JPEG data: the dictionary is the same as the other's
    const guess = third - 1 * MB;
    const pdf = build(guess + third + inOverlap.length + 5000 - where(build(guess)));
    const at = where(pdf) - inOverlap.length;
    expect(at).toBeGreaterThan(third); // whole in the part the two windows share
    expect(at + inOverlap.length).toBeLessThan(secondEnd);
    const { report, later, count } = await readBig(pdf);
    expect(linksIn(report.head)).toEqual(['https://trong-dau.example/']);
    expect(count).toBe(1);
    expect(linksIn(later)).toEqual(['https://vung-chong.example/']);
  });

  it(`reads the last window of a PDF over ${PDF_MAX_SCAN_BYTES / MB} MB, not its unread middle`, async () => {
    const pdf = pdfOf(filler(29 * MB), await qrPicture('https://giua-tep.example/'), filler(8 * MB), await qrPicture('https://cuoi-tep.example/'));
    const { report, later } = await readBig(pdf);
    expect(report.unreadBytes).toBeGreaterThan(0);
    expect(linksIn(later)).toEqual(['https://cuoi-tep.example/']);
  });

  it('holds at most one window of picture bytes and PDF_MAX_IMAGES pictures, the smallest first', async () => {
    // three 1.5 MB pictures within the size window (not QR codes): two fit in the byte budget, the third does not
    const big = () => filler(1.5 * MB, 1000);
    const onlyBig = await readBig(pdfOf(filler(5 * MB), big(), big(), big()));
    expect(onlyBig.count).toBe(2);
    expect(onlyBig.later!.length).toBeLessThan(PDF_WINDOW_PICTURE_BYTES + 2000);
    // then the QR code and enough small ones to reach the count: the big ones make room for them
    const small = Array.from({ length: PDF_MAX_IMAGES - 1 }, () => filler(2000, 200));
    const { later, count } = await readBig(pdfOf(filler(5 * MB), big(), big(), big(), await qrPicture('https://nho-nhat.example/'), ...small));
    expect(count).toBe(PDF_MAX_IMAGES);
    expect(later!.length).toBeLessThan(PDF_MAX_BYTES);
    expect(later!.indexOf('/Width 1000')).toBe(-1);
    expect(linksIn(later)).toContain('https://nho-nhat.example/');
  });

  it('passes over pictures the QR reader would not decode (outside the size window, other filters)', async () => {
    const jbig2 = Buffer.concat([Buffer.from('<< /Type /XObject /Subtype /Image /Width 300 /Height 300 /Filter /JBIG2Decode /Length 100 >>\nstream\n'), randomBytes(100), Buffer.from('\nendstream')]);
    const pdf = pdfOf(filler(5 * MB), filler(10_000, 20), jbig2, filler(10_000));
    const { later, count } = await readBig(pdf);
    expect(count).toBe(0);
    expect(later).toBeUndefined();
  });

  it('the attachments scanner reports a QR link from page pictures past 4 MB, named after the PDF', async () => {
    const pdf = pdfOf(filler(6 * MB), await qrPicture('https://quet-ma.example/xac-nhan'));
    const att = makeAttachment('ho-so-scan.pdf', pdf, { contentType: 'application/pdf', trueType: { ext: 'pdf', mime: 'application/pdf' }, id: 'a1' });
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
    const qr = fs.find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toEqual(['https://quet-ma.example/xac-nhan']);
    expect(qr?.tags).toEqual(expect.arrayContaining(['pdf', 'only-link']));
    expect(qr?.detail).toContain(`ho-so-scan.pdf → past ${PDF_MAX_BYTES / MB} MB → picture 1`);
  });

  it('the attachments scanner reads a QR picture in the first 4 MB of a big PDF from the pictures kept, not from a copy of the window', async () => {
    // a page-sized scan (too big to decode) and the QR code, both in the first window
    const pdf = pdfOf(filler(2 * MB), await qrPicture('https://dau-tep.example/quet'), filler(5 * MB));
    const att = makeAttachment('ban-scan.pdf', pdf, { contentType: 'application/pdf', trueType: { ext: 'pdf', mime: 'application/pdf' }, id: 'a1' });
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
    const qr = fs.find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toEqual(['https://dau-tep.example/quet']);
    expect(qr?.detail).toContain('ban-scan.pdf');
    expect(qr?.detail).not.toContain('past');
    // the first window's pictures as the walk keeps them: only what the QR reader can decode
    const first = new PdfWindowPictures(0);
    await inspectLargePdf(pdf, pdf.length, LIMITS, (w, at) => at === 0 && first.add(w, at), false);
    const kept = first.pdf();
    expect(kept!.length).toBeLessThan(100_000);
    expect(linksIn(kept)).toEqual(['https://dau-tep.example/quet']);
  });
});
