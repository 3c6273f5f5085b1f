import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { ContentCollector } from '../../parse/content.js';
import type { Content } from '../../parse/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { inspectLargePdf, inspectPdf, pdfObservations, pdfTags, PDF_MAX_BYTES, type PdfLimits } from './pdf.js';
import { PDF_MAX_SCAN_BYTES, PDF_WINDOW_OVERLAP } from './pdf-windows.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const MB = 1024 * 1024;

/** A picture XObject of `n` bytes of random data (incompressible, as a scan is). */
function picture(n: number): Buffer {
  return Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /Length ${n} >>\nstream\n`, 'latin1'), randomBytes(n), Buffer.from('\nendstream', 'latin1')]);
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [5 0 R 6 0 R] >>';
const LINK = '<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (https://dang-nhap.example.net/xac-thuc) >> >>';
const LAUNCH = '<< /Type /Annot /Subtype /Link /Rect [0 100 100 200] /A << /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >> >>';

/** catalog, pages, page, a padding picture of `padding` bytes, then the link and the launch action in the tail. */
function paddedPdf(padding: number): Buffer {
  return p.pdfFromObjects([CATALOG, PAGES, PAGE, picture(padding), LINK, LAUNCH]);
}

/** The bytes as a stream of 64 KB chunks, as a spooled attachment file is read. */
function chunked(bytes: Buffer): Readable {
  let at = 0;
  return new Readable({
    read() {
      this.push(at < bytes.length ? bytes.subarray(at, (at += 64 * 1024)) : null);
    },
  });
}

/** The bytes kept in a temporary file, as the parser keeps a big attachment, read in place (Content.readAt). */
async function inFile(bytes: Buffer): Promise<{ readAt(position: number, into: Buffer): Promise<number> }> {
  const { content } = await new ContentCollector(Readable.from([bytes])).done;
  files.push(content);
  expect(content.readAt).toBeTypeOf('function');
  return { readAt: (position, into) => content.readAt!(position, into) };
}
const files: Content[] = [];
afterAll(async () => {
  await Promise.all(files.map((c) => c.release?.()));
});

describe('PDFs bigger than PDF_MAX_BYTES', () => {
  it('the head alone misses the link and the launch action in the tail of a picture-padded PDF', async () => {
    const pdf = paddedPdf(6 * MB);
    expect(pdf.length).toBeGreaterThan(PDF_MAX_BYTES);
    const head = await inspectPdf(pdf, LIMITS);
    expect(head.uris).toEqual([]);
    expect(head.active).toEqual([]);
  });

  it('finds the /URI and the /Launch in the tail, from the bytes and from a stream, and reads it all', async () => {
    const pdf = paddedPdf(6 * MB);
    for (const input of [pdf, chunked(pdf), await inFile(pdf)]) {
      const r = await inspectLargePdf(input, pdf.length, LIMITS);
      expect(r.uris).toEqual(['https://dang-nhap.example.net/xac-thuc']);
      expect(r.active).toEqual(['launch']);
      expect(r.targets).toEqual([{ action: 'launch', target: 'cmd.exe' }]);
      expect(r.unreadBytes).toBeUndefined();
      expect(pdfTags(r)).toEqual(['launch']);
      expect(r.head.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('finds them between two pictures, in the middle of a 20 MB PDF', async () => {
    const pdf = p.pdfFromObjects([CATALOG, PAGES, PAGE, picture(9 * MB), LINK, LAUNCH, picture(10 * MB)]);
    for (const input of [chunked(pdf), await inFile(pdf)]) {
      const r = await inspectLargePdf(input, pdf.length, LIMITS);
      expect(r.uris).toEqual(['https://dang-nhap.example.net/xac-thuc']);
      expect(r.active).toEqual(['launch']);
      expect(r.unreadBytes).toBeUndefined();
    }
  });

  it('reads a compressed object stream that straddles a window edge whole', async () => {
    // the object stream starts just before 4 MB and ends past it: its script is in its last bytes
    const filler = randomBytes(200 * 1024).toString('hex'); // incompressible: the stream stays big
    const inner = [`<< /Filler (${filler}) >>`, '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>'];
    let offsets = '';
    let body = '';
    inner.forEach((o, i) => {
      offsets += `${8 + i} ${body.length} `;
      body += `${o}\n`;
    });
    const z = deflateSync(Buffer.from(offsets + body, 'latin1'));
    const objStm = Buffer.concat([Buffer.from(`<< /Type /ObjStm /Filter /FlateDecode /N 2 /First ${offsets.length} /Length ${z.length} >>\nstream\n`), z, Buffer.from('\nendstream')]);
    const pdf = p.pdfFromObjects([CATALOG, PAGES, PAGE, picture(PDF_MAX_BYTES - 100 * 1024), picture(0), picture(10), objStm, picture(2 * MB)]);
    const at = pdf.indexOf('/ObjStm');
    expect(at).toBeLessThan(PDF_MAX_BYTES - PDF_WINDOW_OVERLAP);
    expect(at + z.length).toBeGreaterThan(PDF_MAX_BYTES);
    for (const input of [chunked(pdf), await inFile(pdf)]) {
      const r = await inspectLargePdf(input, pdf.length, LIMITS);
      expect(r.active).toEqual(['javascript']);
      expect(r.streamsSkipped).toBe(0);
    }
  });

  it(`reads at most ${PDF_MAX_SCAN_BYTES / MB} MB: the head windows and the last one, and says it read part (partly-read)`, async () => {
    const hidden = '<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://giua-tep.example.net/) >> >>';
    const pdf = p.pdfFromObjects([CATALOG, PAGES, PAGE, picture(30 * MB), hidden, picture(8 * MB), LINK, LAUNCH]);
    const r = await inspectLargePdf(await inFile(pdf), pdf.length, LIMITS);
    expect(await inspectLargePdf(chunked(pdf), pdf.length, LIMITS)).toEqual(r);
    // the tail is read: the launch action and the link after the last picture
    expect(r.active).toEqual(['launch']);
    expect(r.uris).toEqual(['https://dang-nhap.example.net/xac-thuc']);
    // the object between 32 MB and the last 4 MB is not: that is said
    expect(r.unreadBytes).toBe(pdf.length - 4 * MB - (PDF_MAX_SCAN_BYTES - 4 * MB));
    expect(pdfTags(r)).toEqual(['launch', 'partly-read']);
    const [finding] = pdfObservations(r);
    expect(finding?.detail).toContain(`${r.unreadBytes} bytes in the middle of the file not read`);
    // two readings of a 42 MB PDF: ~14 s here, over a minute on a loaded machine
  }, 180_000);

  it('the attachment scanner reports the launch action and checks the link of a 6 MB PDF', async () => {
    const pdf = paddedPdf(6 * MB);
    const att = makeAttachment('ho-so-scan.pdf', pdf, { contentType: 'application/pdf', trueType: { ext: 'pdf', mime: 'application/pdf' }, id: 'a1' });
    const policy = makePolicy({ lists: { blocked_domains: { type: 'domain', entries: ['example.net'] } } });
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
    expect(fs.find((f) => f.kind === 'attachment.pdf-active')).toMatchObject({ subject: 'ho-so-scan.pdf', tags: ['launch'] });
    expect(fs.find((f) => f.kind === 'url.listed')).toMatchObject({ subject: 'https://dang-nhap.example.net/xac-thuc', list: 'blocked_domains' });
  });
});
