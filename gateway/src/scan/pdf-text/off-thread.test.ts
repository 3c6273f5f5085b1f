import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEncryptedPdf } from '../../../../test-fixtures/attachments/payloads.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { PdfTextReader, type PdfTextRun } from './off-thread.js';

/**
 * The PDF text worker: PDFs made by code (test-fixtures/callback/text-pdf.mjs), read by pdf.js in
 * the real worker thread (under vitest: worker.ts bundled with esbuild; built: dist/scan/pdf-text/worker.js).
 */
let tmp: string;
const readers: PdfTextReader[] = [];
function reader(...args: ConstructorParameters<typeof PdfTextReader>): PdfTextReader {
  const r = new PdfTextReader(...args);
  readers.push(r);
  return r;
}
/** A one-page encrypted PDF showing `text` (Helvetica), locked with `userPassword` ('' opens without one). */
const lockedTextPdf = (text: string, userPassword: string) =>
  makeEncryptedPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      (_, stream) => stream('<< >>', Buffer.from(`BT /F1 12 Tf 56 780 Td (${text}) Tj ET`, 'latin1')),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ],
    { revision: 4, userPassword },
  );
const textOf = (run: PdfTextRun): string => (run.outcome === 'read' ? run.text.replace(/\s+/g, ' ').trim() : `(${run.outcome}: ${run.reason})`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-pdf-text-'));
});
afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('the PDF text worker', () => {
  it('reads the text of a PDF written with a standard font', async () => {
    const pdf = textPdf([['INVOICE INV-4412', 'Amount: $499.99 (annual renewal)'], ['Page two: thank you']]);
    const run = await reader().read(pdf);
    expect(run.outcome).toBe('read');
    expect(textOf(run)).toBe('INVOICE INV-4412 Amount: $499.99 (annual renewal) Page two: thank you');
    if (run.outcome === 'read') expect([run.pages, run.numPages, run.truncated]).toEqual([2, 2, false]);
  });

  it('reads a Type0 Identity-H font through its ToUnicode map, Vietnamese included, compressed streams too', async () => {
    const pdf = textPdf([['Hóa đơn điện tử số 0012345', 'Tổng tiền thanh toán: 4.990.000đ', 'Norton 360 — gia hạn tự động']], { font: 'identity-h', compress: true });
    // the glyph ids are not the characters: without the ToUnicode map the text would be unreadable
    expect(pdf.includes('Norton')).toBe(false);
    const run = await reader().read(pdf);
    expect(textOf(run)).toBe('Hóa đơn điện tử số 0012345 Tổng tiền thanh toán: 4.990.000đ Norton 360 — gia hạn tự động');
  });

  it('reads a Type0 font of a predefined CMap (UniJIS-UCS2-H, no ToUnicode) through the CMap files pdfjs-dist ships', async () => {
    const pdf = textPdf([['Your Norton 360 subscription: $499.99. Call +1 (808) 555-0147 to cancel.', '請求書 お支払い']], { font: 'predefined-cmap', compress: true });
    // without cmaps/ pdf.js cannot load the font's encoding and gives no text at all
    const run = await reader().read(pdf);
    expect(textOf(run)).toBe('Your Norton 360 subscription: $499.99. Call +1 (808) 555-0147 to cancel. 請求書 お支払い');
  });

  it('reads the first pages only, and cuts the text at its cap', async () => {
    const pages = Array.from({ length: 8 }, (_, i) => [`page ${i + 1} ${'word '.repeat(40)}`]);
    const run = await reader({ maxPages: 3 }).read(textPdf(pages));
    expect(run.outcome === 'read' && [run.pages, run.numPages, run.truncated]).toEqual([3, 8, true]);
    expect(textOf(run)).toContain('page 3');
    expect(textOf(run)).not.toContain('page 4');
    const cut = await reader({ maxChars: 50 }).read(textPdf(pages));
    expect(cut.outcome === 'read' && [cut.text.length, cut.truncated]).toEqual([50, true]);
  });

  it('reads an encrypted PDF that opens without a password, and one locked with a password the message gives', async () => {
    const r = reader();
    expect(textOf(await r.read(lockedTextPdf('owner password only', '')))).toBe('owner password only');
    const locked = lockedTextPdf('locked invoice', 'hd2611');
    const none = await r.read(locked);
    expect(none.outcome !== 'read' && none.reason).toBe('No password given');
    const wrong = await r.read(locked, undefined, ['123456', 'abc']);
    expect(wrong.outcome !== 'read' && wrong.reason).toBe('Incorrect Password');
    expect(textOf(await r.read(locked, undefined, ['123456', 'hd2611']))).toBe('locked invoice');
  });

  it('gives no text, without throwing, for what pdf.js cannot open, and goes on reading', async () => {
    const r = reader();
    const broken = await r.read(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
    expect(broken.outcome).toBe('failed');
    expect(broken.outcome !== 'read' && broken.reason).toMatch(/Invalid PDF/);
    expect(textOf(await r.read(textPdf([['still reading']])))).toBe('still reading');
    expect(r.started).toBe(1); // a PDF pdf.js refuses does not cost the worker
  });

  it('gives no text past its deadline (the worker is stopped there)', async () => {
    const r = reader({ deadlineMs: 1 });
    const late = await r.read(textPdf([['too late']]));
    expect(late.outcome).toBe('timeout');
    expect(late.ms).toBeLessThan(2000);
  });

  it('terminates a worker that spins for ever, and the next PDF gets a new one', async () => {
    // a stand-in for pdf.js caught in a loop on a hostile PDF: a request with 'spin' in it never ends
    const spin = path.join(tmp, 'spin.mjs');
    await writeFile(
      spin,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (r) => { if (Buffer.from(r.bytes).includes('spin')) for (;;) {} parentPort.postMessage({ id: r.id, type: 'done', text: 'answered', pages: 1, numPages: 1, truncated: false, heapUsed: 0 }); });\n",
    );
    const r = reader({ workerUrl: async () => pathToFileURL(spin), deadlineMs: 300 });
    const started = performance.now();
    const [first, second] = await Promise.all([r.read(textPdf([['spin']])), r.read(textPdf([['b']]))]);
    expect(first.outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5000);
    // one PDF at a time: the second waited, then went to a fresh worker
    expect(textOf(second)).toBe('answered');
    expect(r.started).toBe(2);
  });

  it('replaces a worker whose heap grew past the limit after a PDF', async () => {
    const r = reader({ restartHeapBytes: 1 });
    expect(textOf(await r.read(textPdf([['one']])))).toBe('one');
    expect(textOf(await r.read(textPdf([['two']])))).toBe('two');
    expect(r.started).toBe(2);
  });

  it('says so when there is no worker module (no text, no throw)', async () => {
    const run = await reader({ workerUrl: async () => undefined }).read(textPdf([['x']]));
    expect(run.outcome).toBe('unavailable');
  });

  it('answers an aborted message at once', async () => {
    const ac = new AbortController();
    ac.abort();
    const run = await reader().read(textPdf([['x']]), ac.signal);
    expect(run.outcome).toBe('aborted');
  });

  it('leaves the caller its buffer (the worker gets a copy)', async () => {
    const pdf = textPdf([['keep me']]);
    const before = Buffer.from(pdf);
    await reader().read(pdf);
    expect(pdf.equals(before)).toBe(true);
  });
});
