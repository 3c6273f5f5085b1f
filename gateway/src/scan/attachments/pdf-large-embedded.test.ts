import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import type { ClamdClient } from './clamd.js';
import { createClamdClient } from './clamd.js';
import { inspectLargePdf, PDF_MAX_BYTES } from './pdf.js';
import { readPdfWindows, PDF_MAX_STREAM_PLACES } from './pdf-windows.js';
import { fakeClamd, findingLines, walkFile } from './test-helpers.js';

/**
 * Files embedded in PDFs over PDF_MAX_BYTES (pdf-large-embedded.ts): read from the PDF in place
 * and walked as a small PDF's are, so padding a PDF past 4 MB hides nothing inside it.
 */

const MB = 1024 * 1024;
const LIMITS = { inflateTotalBytes: 200 * MB, inflateMaxRatio: 100 };

/** A picture XObject of `n` bytes of random data (a scan: incompressible). */
function picture(n: number): Buffer {
  return Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /Length ${n} >>\nstream\n`), randomBytes(n), Buffer.from('\nendstream')]);
}

interface Options {
  /** Picture bytes before the embedded file, and after it. */
  before?: number;
  after?: number;
  /** Stored as is (no filter) rather than deflated. */
  raw?: boolean;
  /** /Length given as an indirect object (`/Length 7 0 R`) placed after the stream. */
  indirectLength?: boolean;
  /** No /Type /EmbeddedFile: only the file specification's /EF points at the stream. */
  untyped?: boolean;
}

/**
 * A PDF carrying `name` in its /EmbeddedFiles name tree: catalog, pages, page, [picture], file
 * specification, embedded file stream, [its length], [picture]. Object numbers follow file order.
 */
function paddedPdf(name: string, data: Buffer, o: Options = {}): Buffer {
  const objects: (string | Buffer)[] = [];
  const num = () => objects.length + 1; // the number the next object gets
  objects.push('CATALOG', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>');
  if (o.before) objects.push(picture(o.before));
  const spec = num();
  const stream = spec + 1;
  const lengthObj = stream + 1;
  const body = o.raw ? data : deflateSync(data);
  const dict = `${o.untyped ? '' : '/Type /EmbeddedFile '}${o.raw ? '' : '/Filter /FlateDecode '}/Length ${o.indirectLength ? `${lengthObj} 0 R` : body.length}`;
  objects.push(`<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F ${stream} 0 R >> >>`);
  objects.push(Buffer.concat([Buffer.from(`<< ${dict} >>\nstream\n`), body, Buffer.from('\nendstream')]));
  if (o.indirectLength) objects.push(String(body.length));
  if (o.after) objects.push(picture(o.after));
  objects[0] = `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(${name}) ${spec} 0 R] >> >> >>`;
  return p.pdfFromObjects(objects);
}

const lines = async (pdf: Buffer, limits?: Partial<ScanLimits>) => findingLines(await walkFile('ho-so.pdf', pdf, { limits }));
const EXE_LINES = ['attachment.dangerous-type ho-so.pdf → hoa-don.exe exe', 'attachment.pdf-active ho-so.pdf embedded-file'];

describe('files embedded in a PDF over 4 MB', () => {
  it('walks the program embedded in a PDF padded to 6 and 30 MB as in a 1 MB one, wherever the padding lies', async () => {
    const exe = p.makePe();
    expect(await lines(paddedPdf('hoa-don.exe', exe, { before: 1 * MB }))).toEqual(EXE_LINES);
    for (const o of [{ before: 6 * MB }, { before: 3 * MB, after: 3 * MB }, { after: 6 * MB }, { before: 30 * MB }, { before: 15 * MB, after: 15 * MB }]) {
      const pdf = paddedPdf('hoa-don.exe', exe, o);
      expect(pdf.length).toBeGreaterThan(PDF_MAX_BYTES);
      expect(await lines(pdf), JSON.stringify(o)).toEqual(EXE_LINES);
    }
  }, 60_000);

  it('reads a stream longer than a window, with an indirect /Length or only an /EF pointing at it', async () => {
    // 5 MB stored as is, starting in one window and ending in the next: a program padded with data
    const big = Buffer.concat([p.makePe(), randomBytes(5 * MB)]);
    for (const o of [{ raw: true, indirectLength: true }, { raw: true, untyped: true }, { indirectLength: true, untyped: true }]) {
      const pdf = paddedPdf('hoa-don.exe', big, { before: 3 * MB, after: 2 * MB, ...o });
      const r = await inspectLargePdf(pdf, pdf.length, LIMITS);
      expect(r.embedded.map((f) => f.name), JSON.stringify(o)).toEqual(['hoa-don.exe']);
      expect(await lines(pdf), JSON.stringify(o)).toEqual(EXE_LINES);
    }
  }, 60_000);

  it('walks archives and macro documents inside, named by their path', async () => {
    const zip = await p.makeZip({ 'hoa-don.pdf.exe': p.makePe() });
    const found = await lines(paddedPdf('ho-so.zip', zip, { before: 6 * MB }));
    expect(found).toEqual(expect.arrayContaining(['attachment.dangerous-type ho-so.pdf → ho-so.zip → hoa-don.pdf.exe exe']));
    const docm = await p.makeWordDocument({ macros: true });
    expect((await lines(paddedPdf('bao-cao.docm', docm, { before: 6 * MB }))).filter((l) => l.includes('→'))).toEqual([
      expect.stringMatching(/^attachment\.macro ho-so\.pdf → bao-cao\.docm /),
    ]);
  }, 60_000);

  it('still gives a verdict when the embedded stream is cut off or the cross-reference table lies', async () => {
    const pdf = paddedPdf('hoa-don.exe', Buffer.concat([p.makePe(), randomBytes(2 * MB)]), { before: 6 * MB, raw: true });
    // cut in the middle of the embedded file's data: no endstream, no xref, no trailer
    const cut = pdf.subarray(0, pdf.indexOf('endstream', 6 * MB + 1024, 'latin1') - MB);
    expect(await lines(cut)).toEqual(EXE_LINES);
    // the same, deflated: what inflates is walked
    const deflated = paddedPdf('hoa-don.exe', Buffer.concat([p.makePe(), randomBytes(2 * MB)]), { before: 6 * MB });
    expect(await lines(deflated.subarray(0, deflated.length - MB))).toEqual(EXE_LINES);
    // offsets and startxref pointing nowhere: objects are found by their text, not the table
    const lying = Buffer.from(pdf.toString('latin1').replace(/\d{10} 00000 n/g, '0000000001 00000 n').replace(/startxref\n\d+/, 'startxref\n999999999'), 'latin1');
    expect(await lines(lying)).toEqual(EXE_LINES);
  }, 60_000);

  it('keeps to the archive limits: depth, byte budget, ratio', async () => {
    const pdf = paddedPdf('hoa-don.exe', p.makePe(), { before: 6 * MB });
    expect(await lines(pdf, { archiveMaxDepth: 0 })).toEqual(['attachment.archive-limit ho-so.pdf depth', 'attachment.pdf-active ho-so.pdf embedded-file']);
    expect(await lines(pdf, { archiveMaxTotalBytes: 100 })).toEqual([
      'attachment.archive-limit ho-so.pdf → hoa-don.exe total-bytes',
      ...EXE_LINES,
    ].sort());
    const bomb = paddedPdf('du-lieu.bin', Buffer.alloc(8 * MB), { before: 6 * MB });
    expect(await lines(bomb)).toEqual(['attachment.archive-limit ho-so.pdf → du-lieu.bin ratio', 'attachment.pdf-active ho-so.pdf embedded-file']);
  }, 60_000);

  it('keeps only a few numbers per stream of a big scanned PDF, and no place of its pictures', async () => {
    const scan = p.pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>', picture(12 * MB), picture(12 * MB)]);
    const read = await readPdfWindows(scan, scan.length);
    expect(read.places).toEqual([]);
    const r = await inspectLargePdf(scan, scan.length, LIMITS);
    expect(r.embedded).toEqual([]);
    // many small streams: at most PDF_MAX_STREAM_PLACES places
    const many = p.pdfFromObjects(['<< /Type /Catalog >>', ...Array.from({ length: PDF_MAX_STREAM_PLACES + 500 }, () => '<< /Length 1 >>\nstream\nx\nendstream'), picture(5 * MB)]);
    expect((await readPdfWindows(many, many.length)).places.length).toBe(PDF_MAX_STREAM_PLACES);
  }, 60_000);

  describe('from a message, its PDF kept in a temporary file (read in place)', () => {
    const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { 'Fake.EICAR': p.EICAR } }) });

    it('gives a padded PDF carrying a program the verdict of the small one', async () => {
      const exe = p.makePe();
      const small = await verdict(attachmentMail('ho-so.pdf', 'application/pdf', paddedPdf('hoa-don.exe', exe, { before: 1 * MB })));
      expect(small.rules).toEqual(expect.arrayContaining(['dangerous-attachment', 'pdf-active-content']));
      for (const o of [{ before: 6 * MB }, { before: 25 * MB }]) {
        const big = await verdict(attachmentMail('ho-so.pdf', 'application/pdf', paddedPdf('hoa-don.exe', exe, o)));
        expect(big, JSON.stringify(o)).toEqual(small);
      }
    }, 120_000);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR embedded in a big PDF and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd: ClamdClient = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 60_000 });
  afterAll(() => clamd.close());
  const verdict = shippedPolicyVerdicts({ clamd });

  it('finds EICAR on the member of a 6 MB PDF, and refuses the message as it refuses the small one', async () => {
    const findings = await walkFile('ho-so.pdf', paddedPdf('tai-lieu.com', p.EICAR, { before: 6 * MB }), { clamd });
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('ho-so.pdf → tai-lieu.com');
    const small = await verdict(attachmentMail('ho-so.pdf', 'application/pdf', paddedPdf('tai-lieu.com', p.EICAR, { before: MB })));
    const big = await verdict(attachmentMail('ho-so.pdf', 'application/pdf', paddedPdf('tai-lieu.com', p.EICAR, { before: 6 * MB })));
    expect(small.action).toBe('reject');
    expect(big).toEqual(small);
  }, 120_000);
});
